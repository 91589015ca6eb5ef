import { EXIT_OK, parseCommandArgs, UsageError, type Command } from "../command.js";

const usage = `Usage: thtl lsp --stdio

Runs the thtl language server, speaking the Language Server Protocol on standard input and
output: diagnostics as you type, completion, hover, go to definition, references, rename,
document symbols, formatting, quick fixes, semantic tokens and inlay hints. Editors start it
themselves; docs/editors.md says how to set up VS Code, Neovim and others.

Options:
  --stdio  talk over standard input and output (the only transport)`;

const command: Command = {
  usage,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, { stdio: { type: "boolean" } });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (!values.stdio) throw new UsageError("say how to talk to the editor: --stdio");
    // Loaded here: no other command pays for the protocol library.
    const { serveStdio } = await import("../lsp-stdio.js");
    await serveStdio();
    return EXIT_OK;
  },
};

export default command;
