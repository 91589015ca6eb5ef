import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "fmt",
  summary: "",
  usage: "Usage: thtl fmt",
  async run(_argv, io) {
    io.stderr("thtl fmt: not implemented yet\n");
    return 2;
  },
};

export default command;
