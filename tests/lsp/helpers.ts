import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";
import {
  createConnection,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
} from "vscode-languageserver/node";
import { startServer } from "../../src/lsp/server.js";

/**
 * A language client talking to the server in this process over two in-memory streams, as an
 * editor would over stdio (microsoft/compose-language-service tests the same way). The files
 * live in a temporary folder, the workspace.
 */
export interface TestClient {
  connection: ProtocolConnection;
  folder: string;
  initialized: InitializeResult;
  uri(name: string): string;
  /** Opens a file of the workspace (written to disk first when `text` is given). */
  open(name: string, text?: string): void;
  /** Replaces a document's text as a new version, as an editor sends a change. */
  change(name: string, text: string): void;
  /** The next diagnostics published for a file. */
  diagnostics(name: string): Promise<Diagnostic[]>;
  close(): void;
}

export async function startClient(
  files: Record<string, string> = {},
  initializationOptions: object = { debounceMs: 0 },
): Promise<TestClient> {
  const folder = mkdtempSync(join(tmpdir(), "thtl-lsp-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
  const connection = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published = new Map<string, Diagnostic[][]>();
  const waiting = new Map<string, ((d: Diagnostic[]) => void)[]>();
  connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
    const waiter = waiting.get(uri)?.shift();
    if (waiter) waiter(diagnostics);
    else published.set(uri, [...(published.get(uri) ?? []), diagnostics]);
  });
  connection.listen();
  const rootUri = pathToFileURL(folder).href;
  const initialized = await connection.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: "test" }],
    capabilities: {},
    initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const versions = new Map<string, number>();
  const uri = (name: string) => pathToFileURL(join(folder, name)).href;
  return {
    connection,
    folder,
    initialized,
    uri,
    open(name, text = files[name] ?? "") {
      if (!(name in files)) writeFileSync(join(folder, name), text);
      versions.set(name, 1);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: uri(name), languageId: "thtl", version: 1, text },
      });
    },
    change(name, text) {
      const version = (versions.get(name) ?? 1) + 1;
      versions.set(name, version);
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri: uri(name), version },
        contentChanges: [{ text }],
      });
    },
    diagnostics(name) {
      const queued = published.get(uri(name))?.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((done) => waiting.set(uri(name), [...(waiting.get(uri(name)) ?? []), done]));
    },
    close() {
      connection.dispose();
      toServer.end();
      toClient.end();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The LSP position of an offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The LSP position of the `n`th (from 0) occurrence of `marker` in `text`, plus `shift` characters. */
export function positionOf(text: string, marker: string, shift = 0, n = 0): Position {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(marker, index + 1);
  if (index < 0) throw new Error(`'${marker}' not in the text`);
  return positionAt(text, index + shift);
}

/** A small valid program: a data domain, a two-stage schedule and an experiment running it on two models. */
export const MAIN = `domain fundus {
  data synth fundus 100
  image 64x64
}

schedule swft {
  defaults { epochs 2; lr 1e-3 }
  stage head { train head }
  stage top { unfreeze layer4; lr 1e-4 }
}

experiment e {
  models resnet18, resnet50
  chain scratch -> fundus with swft
}
`;
