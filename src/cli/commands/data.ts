import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "data",
  summary: "",
  usage: "Usage: thtl data",
  async run(_argv, io) {
    io.stderr("thtl data: not implemented yet\n");
    return 2;
  },
};

export default command;
