import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "compile",
  summary: "",
  usage: "Usage: thtl compile",
  async run(_argv, io) {
    io.stderr("thtl compile: not implemented yet\n");
    return 2;
  },
};

export default command;
