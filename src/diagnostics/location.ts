/**
 * Where in a file a diagnostic points. The AST's nodes carry the same types (`language/ast.ts`
 * re-exports them); they live here so that diagnostics, which the parser reports, never import
 * the language folder.
 */

/** A point in a file. `offset` counts UTF-16 code units from 0; `line` and `column` count from 1. */
export interface Position {
  offset: number;
  line: number;
  column: number;
}

/** A half-open range of source: `end` is the position just after the last character. */
export interface Span {
  start: Position;
  end: Position;
}
