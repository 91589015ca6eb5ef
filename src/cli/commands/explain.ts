import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "explain",
  summary: "",
  usage: "Usage: thtl explain",
  async run(_argv, io) {
    io.stderr("thtl explain: not implemented yet\n");
    return 2;
  },
};

export default command;
