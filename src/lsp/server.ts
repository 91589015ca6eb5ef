import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { VERSION } from "../version.js";
import { registerFeatures } from "./features.js";
import { LEGEND } from "./semantic-tokens.js";
import { Validation } from "./validation.js";
import { Workspace } from "./workspace.js";

/** What a client may pass in `initializationOptions`. */
export interface ServerOptions {
  /** Base address of docs/diagnostics.md for the codes' links (default: the installed copy). */
  diagnosticsDocs?: string;
  /** Quiet time after an edit before diagnostics are computed, so a burst of keys is checked once (ms). */
  debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 10;

const CAPABILITIES: InitializeResult["capabilities"] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: {},
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  semanticTokensProvider: { legend: LEGEND, full: true },
  inlayHintProvider: true,
};

/** Serves thtl's language features on a connection (stdio for editors, streams in tests). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  let folders: string[] = [];
  let options: ServerOptions = {};
  const validation = new Validation(connection, workspace, () => ({
    debounceMs: options.debounceMs ?? DEFAULT_DEBOUNCE_MS,
    diagnosticsDocs: options.diagnosticsDocs,
  }));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    options = (params.initializationOptions as ServerOptions | undefined) ?? {};
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.filter((uri) => uri.startsWith("file:")).map((uri) => fileURLToPath(uri));
    return { serverInfo: { name: "thtl", version: VERSION }, capabilities: CAPABILITIES };
  });
  documents.onDidChangeContent(({ document }) => {
    workspace.update(document);
    validation.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    validation.cancel(document.uri);
    workspace.close(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => {
    workspace.filesChanged();
    for (const document of workspace.openDocuments()) validation.schedule(document.uri);
  });
  registerFeatures(connection, workspace, () => folders);

  documents.listen(connection);
  connection.listen();
}
