import { createConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { startServer } from "../lsp/server.js";

/**
 * `thtl lsp --stdio`: the server on standard input and output. Resolves when the client closes
 * the connection (after `exit`, or when the editor goes away).
 */
export function serveStdio(): Promise<void> {
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  return new Promise((done) => {
    connection.onExit(() => done());
    process.stdin.on("end", () => done());
    startServer(connection);
  });
}
