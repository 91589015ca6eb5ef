// The thtl extension's client: starts `thtl lsp --stdio` (the command and any leading arguments
// come from the settings) for .thtl files. Everything else is the server's work.
const { workspace } = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

async function activate(context) {
  const config = workspace.getConfiguration("thtl");
  const command = config.get("server.command", "thtl");
  const args = [...config.get("server.args", []), "lsp", "--stdio"];
  // No `transport`: the client would append its own `--stdio`; the arguments above say it.
  const serverOptions = { command, args };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "thtl" },
      { scheme: "untitled", language: "thtl" },
    ],
    // an imported file saved elsewhere changes what the open files check against
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.thtl") },
  };
  client = new LanguageClient("thtl", "thtl language server", serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
