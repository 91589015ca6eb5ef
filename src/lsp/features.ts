import type { Connection } from "vscode-languageserver";
import { quickFixes } from "./code-actions.js";
import { complete } from "./completion.js";
import { findDefinition } from "./definition.js";
import { documentSymbols } from "./document-symbols.js";
import { formatDocument } from "./formatting.js";
import { hover } from "./hover.js";
import { inlayHints } from "./inlay-hints.js";
import { wordAt } from "./positions.js";
import { findReferences } from "./references.js";
import { prepareRename, rename } from "./rename.js";
import { semanticTokens } from "./semantic-tokens.js";
import type { Workspace } from "./workspace.js";

/** Every request the server answers, each handed to its feature's file. */
export function registerFeatures(connection: Connection, workspace: Workspace, folders: () => string[]): void {
  const offsetOf = (uri: string, position: { line: number; character: number }) =>
    workspace.document(uri)?.offsetAt(position);

  connection.onCompletion(({ textDocument, position }) => {
    const document = workspace.document(textDocument.uri);
    if (!document) return [];
    const text = document.getText();
    const start = wordAt(text, document.offsetAt(position)).start;
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
    return offset === undefined
      ? []
      : findReferences(workspace, textDocument.uri, offset, context.includeDeclaration, folders());
  });
  connection.onPrepareRename(({ textDocument, position }) => {
    const offset = offsetOf(textDocument.uri, position);
    return offset === undefined ? null : prepareRename(workspace, textDocument.uri, offset);
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const offset = offsetOf(textDocument.uri, position);
    return offset === undefined ? null : rename(workspace, textDocument.uri, offset, newName, folders());
  });
  registerDocumentFeatures(connection, workspace);
}

/** Requests about a whole document: outline, formatting, quick fixes, colours, hints. */
function registerDocumentFeatures(connection: Connection, workspace: Workspace): void {
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
}
