import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "synth",
  summary: "",
  usage: "Usage: thtl synth",
  async run(_argv, io) {
    io.stderr("thtl synth: not implemented yet\n");
    return 2;
  },
};

export default command;
