import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "diff",
  summary: "",
  usage: "Usage: thtl diff",
  async run(_argv, io) {
    io.stderr("thtl diff: not implemented yet\n");
    return 2;
  },
};

export default command;
