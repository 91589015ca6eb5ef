import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "run",
  summary: "",
  usage: "Usage: thtl run",
  async run(_argv, io) {
    io.stderr("thtl run: not implemented yet\n");
    return 2;
  },
};

export default command;
