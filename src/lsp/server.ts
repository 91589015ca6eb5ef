import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CodeActionKind, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { VERSION } from "../version.js";
import { quickFixes } from "./code-actions.js";
import { complete } from "./completion.js";
import { findDefinition } from "./definition.js";
import { diagnosticsOfFile } from "./diagnostics.js";
import { documentSymbols } from "./document-symbols.js";
import { formatDocument } from "./formatting.js";
import { hover } from "./hover.js";
import { inlayHints } from "./inlay-hints.js";
import { wordAt } from "./positions.js";
import { findReferences } from "./references.js";
import { prepareRename, rename } from "./rename.js";
import { LEGEND, semanticTokens } from "./semantic-tokens.js";
import { pathOf, Workspace } from "./workspace.js";

/** What a client may pass in `initializationOptions`. */
export interface ServerOptions {
  /** Base address of docs/diagnostics.md for the codes' links (default: the installed copy). */
  diagnosticsDocs?: string;
  /** Quiet time after an edit before diagnostics are computed, so a burst of keys is checked once (ms). */
  debounceMs?: number;
}

const DEFAULT_DEBOUNCE_MS = 10;

/** Serves thtl's language features on a connection (stdio for editors, streams in tests). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  let folders: string[] = [];
  let options: ServerOptions = {};
  const timers = new Map<string, NodeJS.Timeout>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    options = (params.initializationOptions as ServerOptions | undefined) ?? {};
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.filter((uri) => uri.startsWith("file:")).map((uri) => fileURLToPath(uri));
    return {
      serverInfo: { name: "thtl", version: VERSION },
      capabilities: {
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
      },
    };
  });

  const publish = (uri: string) => {
    const analysis = workspace.analysis(uri);
    if (!analysis) return;
    const diagnostics = diagnosticsOfFile(analysis.diagnostics(), analysis.path, options.diagnosticsDocs);
    void connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  };

  /** The edited file, then the open files that import it (their checks read its new text). */
  const validate = (uri: string) => {
    publish(uri);
    const edited = resolve(pathOf(uri));
    for (const other of workspace.openDocuments()) {
      if (other.uri === uri) continue;
      const files = workspace.analysis(other.uri)?.program?.files ?? [];
      if (files.some((file) => resolve(file.path) === edited)) publish(other.uri);
    }
  };

  const schedule = (uri: string) => {
    clearTimeout(timers.get(uri));
    const wait = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      validate(uri);
    }, wait));
  };

  documents.onDidChangeContent(({ document }) => {
    workspace.update(document);
    schedule(document.uri);
  });
  connection.onDidChangeWatchedFiles(() => {
    workspace.filesChanged();
    for (const document of workspace.openDocuments()) schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    workspace.close(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  const offsetOf = (uri: string, position: { line: number; character: number }) => workspace.document(uri)?.offsetAt(position);

  connection.onCompletion(({ textDocument, position }) => {
    const document = workspace.document(textDocument.uri);
    if (!document) return [];
    const text = document.getText();
    const offset = document.offsetAt(position);
    const start = wordAt(text, offset).start;
    const range = { start: document.positionAt(start), end: position };
    // Names come from the last analysis, which may be one edit behind: completion never waits for a parse.
    return complete(text, start, range, workspace.latestAnalysis(textDocument.uri)?.context);
  });
  connection.onHover(({ textDocument, position }) => {
    const analysis = workspace.analysis(textDocument.uri);
    const offset = offsetOf(textDocument.uri, position);
    return analysis && offset !== undefined ? hover(analysis, offset) : null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    const offset = offsetOf(textDocument.uri, position);
    return (offset !== undefined && findDefinition(workspace, textDocument.uri, offset)) || null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const offset = offsetOf(textDocument.uri, position);
    return offset === undefined ? [] : findReferences(workspace, textDocument.uri, offset, context.includeDeclaration, folders);
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const offset = offsetOf(textDocument.uri, position);
    return offset === undefined ? null : prepareRename(workspace, textDocument.uri, offset);
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const offset = offsetOf(textDocument.uri, position);
    return offset === undefined ? null : rename(workspace, textDocument.uri, offset, newName, folders);
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const document = workspace.analysis(textDocument.uri)?.document;
    return document ? documentSymbols(document) : [];
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const document = workspace.document(textDocument.uri);
    return document ? formatDocument(document) : [];
  });
  connection.onCodeAction(({ textDocument, context }) => {
    const document = workspace.document(textDocument.uri);
    return document ? quickFixes(document, textDocument.uri, context.diagnostics) : [];
  });
  connection.languages.semanticTokens.on(({ textDocument }) => {
    const analysis = workspace.analysis(textDocument.uri);
    return analysis?.document ? semanticTokens(analysis.text, analysis.document) : { data: [] };
  });
  connection.languages.inlayHint.on(({ textDocument, range }) => {
    const analysis = workspace.analysis(textDocument.uri);
    return analysis ? inlayHints(analysis, range) : [];
  });

  documents.listen(connection);
  connection.listen();
}
