import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { closestName } from "../diagnostics/suggest.js";

const DID_YOU_MEAN = /did you mean '([^']+)'\?/;

/**
 * Quick fixes for the "did you mean" diagnostics: replace the misspelt name with the suggestion.
 * The diagnostic may cover more than the name (`layer1..layr4`): the fix replaces the word in it
 * close to the suggestion, and of two such words the one the message does not list as valid
 * (`layer1` is among the groups it names, `layr4` is not).
 */
export function quickFixes(document: TextDocument, uri: string, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const message = typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
    const suggestion = DID_YOU_MEAN.exec(message)?.[1];
    if (!suggestion) return [];
    const start = document.offsetAt(diagnostic.range.start);
    const text = document.getText(diagnostic.range);
    const close = [...text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].filter(
      (m) => m[0] !== suggestion && closestName(m[0], [suggestion]) === suggestion,
    );
    const listed = new Set(message.replaceAll(text, "").match(/[A-Za-z_][A-Za-z0-9_]*/g));
    const word = close.find((m) => !listed.has(m[0])) ?? close[0];
    if (!word) return [];
    const range = {
      start: document.positionAt(start + word.index),
      end: document.positionAt(start + word.index + word[0].length),
    };
    return [
      {
        title: `Change '${word[0]}' to '${suggestion}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range, newText: suggestion }] } },
      },
    ];
  });
}
