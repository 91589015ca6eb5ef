import type { IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comment, Document, Position } from "./ast.js";
import { tokenSpan } from "./cst-access.js";
import { declarationChunks } from "./chunks.js";
import { toDocument, toDocumentPart } from "./cst-to-ast.js";
import { tokenize } from "./lexer.js";
import { FileTokens, lexerDiagnostic, parserDiagnostics } from "./parse-errors.js";
import { thtlParser } from "./parser.js";
import { LCurly, RCurly, UnterminatedString } from "./tokens.js";

/**
 * No valid file nests blocks more than four deep; past this depth the input is junk (1 MB of
 * `{`), and the rest of the file is not parsed, so that the time and the number of errors stay
 * bounded.
 */
const MAX_DEPTH = 32;

/** Past this many, more syntax errors only bury the first ones (a binary file gives thousands). */
const MAX_ERRORS = 100;

/**
 * Parses a `.thtl` file. Never throws: every problem, from a stray character to a missing `}`,
 * becomes a diagnostic, and the document holds whatever could be recovered.
 */
export function parse(source: string, file: string): { document: Document; diagnostics: Diagnostic[] } {
  try {
    return parseUnsafe(source, file);
  } catch (error) {
    const at: Position = { offset: 0, line: 1, column: 1 };
    return {
      document: { kind: "Document", file, declarations: [], comments: [], span: { start: at, end: at } },
      diagnostics: [diagnostic("THTL1099", { detail: (error as Error).message }, file, { start: at, end: at })],
    };
  }
}

function parseUnsafe(source: string, file: string): { document: Document; diagnostics: Diagnostic[] } {
  const lexed = tokenize(source);
  const diagnostics = lexed.errors.map((e) => lexerDiagnostic(e, source, file));
  for (const t of lexed.tokens) {
    if (t.tokenType === UnterminatedString) diagnostics.push(diagnostic("THTL1001", {}, file, tokenSpan(t)));
  }
  const tokens = limitDepth(lexed.tokens, file, diagnostics);

  const parser = thtlParser();
  const fileTokens = new FileTokens(file, tokens);
  const parts = declarationChunks(tokens).map(([start, end]) => {
    parser.input = tokens.slice(start, end);
    const cst = parser.document();
    // can be 100,000s: no spread
    for (const d of parserDiagnostics(parser.errors, fileTokens, tokens[end])) diagnostics.push(d);
    return toDocumentPart(cst, { file, diagnostics });
  });
  parser.input = []; // the parser outlives this file: let its tokens go

  const document = toDocument(parts, source, file);
  document.comments = (lexed.groups.comments ?? []).map(comment);
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { document, diagnostics: limitCount(diagnostics, file) };
}

export function limitCount(diagnostics: Diagnostic[], file: string): Diagnostic[] {
  if (diagnostics.length <= MAX_ERRORS) return diagnostics;
  const more = diagnostics.length - MAX_ERRORS;
  return [...diagnostics.slice(0, MAX_ERRORS), diagnostic("THTL1006", { more }, file, diagnostics[MAX_ERRORS]!.span)];
}

export function comment(t: IToken): Comment {
  return { kind: "Comment", text: t.image.slice(1).trimEnd(), span: tokenSpan(t) };
}

/** Drops everything after the first brace that opens deeper than `MAX_DEPTH`, and says so. */
export function limitDepth(tokens: IToken[], file: string, diagnostics: Diagnostic[]): IToken[] {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.tokenType === LCurly && ++depth > MAX_DEPTH) {
      diagnostics.push(diagnostic("THTL1003", { max: MAX_DEPTH }, file, tokenSpan(t)));
      return tokens.slice(0, i);
    }
    if (t.tokenType === RCurly) depth = Math.max(0, depth - 1);
  }
  return tokens;
}
