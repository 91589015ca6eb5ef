import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from "vscode-languageserver/node";

const BIN = fileURLToPath(new URL("../../bin/thtl.js", import.meta.url));

test("`thtl lsp --stdio` as its own process: initialize, diagnostics for an opened file, shutdown and exit 0", async () => {
  const folder = mkdtempSync(join(tmpdir(), "thtl-lsp-stdio-"));
  const child = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd: folder, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<number | null>((done) => child.on("exit", done));
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published = new Promise<PublishDiagnosticsParams>((done) =>
    connection.onNotification(PublishDiagnosticsNotification.type, done),
  );
  connection.listen();
  try {
    const init = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      capabilities: {},
    });
    expect(init.serverInfo?.name).toBe("thtl");
    expect(init.capabilities.hoverProvider).toBe(true);
    const uri = pathToFileURL(join(folder, "main.thtl")).href;
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "thtl", version: 1, text: "schedule s { stage a { train head; epochs 0 } }\n" },
    });
    const { diagnostics, uri: publishedUri, version } = await published;
    expect(publishedUri).toBe(uri);
    expect(version).toBe(1);
    expect(diagnostics.map((d) => [d.code, d.range.start, d.message])).toEqual([
      ["THTL2041", { line: 0, character: 42 }, "`epochs` must be a positive whole number, not 0"],
    ]);
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
  } finally {
    connection.dispose();
    child.kill();
    rmSync(folder, { recursive: true, force: true });
  }
});
