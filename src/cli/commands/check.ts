import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "check",
  summary: "",
  usage: "Usage: thtl check",
  async run(_argv, io) {
    io.stderr("thtl check: not implemented yet\n");
    return 2;
  },
};

export default command;
