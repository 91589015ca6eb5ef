import type { TextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { parse } from "../language/parse.js";
import { print } from "../language/printer.js";

/**
 * `thtl fmt` as an edit: the whole text replaced by its canonical form, or no edit when it is
 * canonical already. A file with syntax errors is left alone, as `thtl fmt` leaves it.
 */
export function formatDocument(document: TextDocument): TextEdit[] {
  const text = document.getText();
  const { document: tree, diagnostics } = parse(text, document.uri);
  if (diagnostics.length > 0) return [];
  const formatted = print(tree);
  if (formatted === text) return [];
  return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(text.length) }, newText: formatted }];
}
