import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Comment, Document, Position, Span } from "./ast.js";
import { tokenSpan } from "./cst-access.js";
import { toDocument } from "./cst-to-ast.js";
import { tokenize } from "./lexer.js";
import { thtlParser } from "./parser.js";
import { describeBlock, enclosingBlocks } from "./blocks.js";
import { ALTERNATIVES, decodeSyntaxError, NAME_ROLE, REPETITIONS } from "./syntax-errors.js";
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
  parser.input = tokens;
  const cst = parser.document();
  const errors = parser.errors;
  parser.input = []; // the parser outlives this file: let its tokens go
  const blocks = errors.length > 0 ? enclosingBlocks(tokens) : [];
  const seen = new Set<number>();
  for (const error of errors) {
    const d = parserDiagnostic(error, tokens, blocks, file);
    if (seen.has(d.span.start.offset)) continue;
    seen.add(d.span.start.offset);
    diagnostics.push(d);
  }

  const document = toDocument(cst, source, { file, diagnostics });
  document.comments = (lexed.groups.comments ?? []).map(comment);
  diagnostics.sort((a, b) => a.span.start.offset - b.span.start.offset);
  return { document, diagnostics: limitCount(diagnostics, file) };
}

function limitCount(diagnostics: Diagnostic[], file: string): Diagnostic[] {
  if (diagnostics.length <= MAX_ERRORS) return diagnostics;
  const more = diagnostics.length - MAX_ERRORS;
  return [...diagnostics.slice(0, MAX_ERRORS), diagnostic("THTL1006", { more }, file, diagnostics[MAX_ERRORS]!.span)];
}

function comment(t: IToken): Comment {
  return { kind: "Comment", text: t.image.slice(1).trimEnd(), span: tokenSpan(t) };
}

function lexerDiagnostic(error: ILexingError, source: string, file: string): Diagnostic {
  const char = String.fromCodePoint(source.codePointAt(error.offset) ?? 0xfffd);
  const start: Position = { offset: error.offset, line: error.line ?? 1, column: error.column ?? 1 };
  const end: Position = { ...start, offset: start.offset + char.length, column: start.column + char.length };
  return diagnostic("THTL1000", { char: quoteChar(char) }, file, { start, end });
}

/** `'@'`, or the code point for what would not show: `U+00A0`. */
function quoteChar(char: string): string {
  const code = char.codePointAt(0)!;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Drops everything after the first brace that opens deeper than `MAX_DEPTH`, and says so. */
function limitDepth(tokens: IToken[], file: string, diagnostics: Diagnostic[]): IToken[] {
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

// ---------------------------------------------------------------------------------------------
// parser errors -> catalogue diagnostics

function parserDiagnostic(
  error: IRecognitionException,
  tokens: IToken[],
  blocks: (number | undefined)[],
  file: string,
): Diagnostic {
  const record = decodeSyntaxError(error.message);
  const at = located(error.token) ? error.token : undefined;
  const span = at ? tokenSpan(at) : endOfInput(tokens);
  const found = at ? describeToken(at) : "the end of the file";
  const index = at ? indexOfToken(tokens, at) : tokens.length;
  const block = () => describeBlock(tokens, blocks[index] ?? blocks[tokens.length]);
  switch (record.kind) {
    case "mismatch":
      if (record.expected === "EOF") return diagnostic("THTL1013", { found }, file, span);
      if (record.expected === RCurly.name && block()) return diagnostic("THTL1011", { block: block()!, found }, file, span);
      return diagnostic("THTL1010", { expected: expectedText(record.expected, record.expectedLabel, record.rule), found }, file, span);
    case "noViableAlt":
      return diagnostic("THTL1010", { expected: ALTERNATIVES[record.rule] ?? "something else", found }, file, span);
    case "earlyExit": {
      const repetition = REPETITIONS[record.rule] ?? { owner: "this statement", item: "item" };
      const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
      const owner =
        repetition.owner === "block" ? block() ?? "this block"
        : repetition.owner === "previous" ? `'${previous?.image ?? "this statement"}'`
        : repetition.owner;
      return diagnostic("THTL1012", { owner, item: repetition.item, found }, file, span);
    }
    case "notAllInput":
      return diagnostic("THTL1013", { found }, file, span);
  }
}

/** Tokens are in offset order, so a binary search finds one (errors can be many, files long). */
function indexOfToken(tokens: IToken[], t: IToken): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const offset = tokens[middle]!.startOffset;
    if (offset === t.startOffset) return middle;
    if (offset < t.startOffset) low = middle + 1;
    else high = middle - 1;
  }
  return tokens.length;
}

function located(t: IToken | undefined): t is IToken {
  return t !== undefined && !Number.isNaN(t.startOffset) && t.tokenType.name !== "EOF";
}

function expectedText(tokenName: string, label: string, rule: string): string {
  if (tokenName === "Name") return NAME_ROLE[rule] ?? label;
  return label;
}

/** Where "the end of the file" is: just after the last token (or 1:1 in a file without any). */
function endOfInput(tokens: IToken[]): Span {
  const last = tokens[tokens.length - 1];
  if (!last) return { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  const end = tokenSpan(last).end;
  return { start: end, end };
}

function describeToken(t: IToken): string {
  const image = t.image.length > 30 ? `${t.image.slice(0, 29)}…` : t.image;
  return image.startsWith('"') ? image : `'${image}'`;
}
