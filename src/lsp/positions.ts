import type { Position as LspPosition, Range } from "vscode-languageserver";
import type { Span } from "../language/ast.js";

/**
 * thtl counts lines and columns from 1 in UTF-16 code units; the LSP counts them from 0 in the
 * same units (its default position encoding), so conversion is a shift.
 */
export function toRange(span: Span): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

export function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether `offset` lies in the span, its end included (a cursor just after a name is on it). */
export function spanHas(span: Span, offset: number): boolean {
  return span.start.offset <= offset && offset <= span.end.offset;
}

const WORD = /[A-Za-z0-9_]/;

/** The name characters around `offset`: `[start, end)`, empty when the cursor touches none. */
export function wordAt(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return { start, end };
}
