import type { Command } from "../command.js";

// Placeholder until this command lands; it says so rather than pretending to work.
const command: Command = {
  name: "git-setup",
  summary: "",
  usage: "Usage: thtl git-setup",
  async run(_argv, io) {
    io.stderr("thtl git-setup: not implemented yet\n");
    return 2;
  },
};

export default command;
