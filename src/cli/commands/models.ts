import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "models",
  summary: "",
  usage: "Usage: thtl models",
  async run(_argv, io) {
    io.stderr("thtl models: not implemented yet\n");
    return 2;
  },
};

export default command;
