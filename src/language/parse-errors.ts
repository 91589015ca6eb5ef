import type { ILexingError, IRecognitionException, IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { closestName } from "../diagnostics/suggest.js";
import type { Position, Span } from "./ast.js";
import { blockAt, enclosingBlocks } from "./blocks.js";
import { tokenMatcher } from "./chevrotain.js";
import { tokenSpan } from "./cst-access.js";
import { ALTERNATIVES, decodeSyntaxError, NAME_ROLE, REPETITIONS } from "./syntax-errors.js";
import { Name, RCurly } from "./tokens.js";

/** Lexer and parser errors -> catalogue diagnostics (THTL1000-1099), worded for people. */

/**
 * A parse error this few tokens after another on the same line is almost always its echo (the
 * recovery re-reading the rest of a broken statement), so it is not reported, as compilers wait
 * for a good token before reporting again.
 */
const FOLLOW_ON = 3;

export function lexerDiagnostic(error: ILexingError, source: string, file: string): Diagnostic {
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

/** A file's tokens, with the blocks they lie in (worked out once, on the first error). */
export class FileTokens {
  private enclosing: (number | undefined)[] | undefined;

  constructor(
    readonly name: string,
    readonly tokens: IToken[],
  ) {}

  blocks = (): (number | undefined)[] => (this.enclosing ??= enclosingBlocks(this.tokens));
}

/**
 * One diagnostic per parse error of a stretch of `tokens` that ends before `next` (the rest of
 * the file, or nothing at its end), in order, less the echoes of an earlier one.
 */
export function parserDiagnostics(
  errors: IRecognitionException[],
  file: FileTokens,
  next: IToken | undefined,
): Diagnostic[] {
  const { tokens } = file;
  const diagnostics: Diagnostic[] = [];
  let previous: { index: number; line: number } | undefined;
  for (const error of errors) {
    const at = located(error.token) ? error.token : next;
    const index = at ? indexOfToken(tokens, at) : tokens.length;
    const line = tokens[index]?.startLine ?? -1;
    if (previous && index - previous.index <= FOLLOW_ON && index >= previous.index && line === previous.line) continue;
    previous = { index, line };
    diagnostics.push(parserDiagnostic(error, at, index, file));
  }
  return diagnostics;
}

function parserDiagnostic(
  error: IRecognitionException,
  at: IToken | undefined,
  index: number,
  { tokens, blocks, name: file }: FileTokens,
): Diagnostic {
  const record = decodeSyntaxError(error.message);
  const span = at ? tokenSpan(at) : endOfInput(tokens);
  const found = at ? describeToken(at) : "the end of the file";
  const block = () => blockAt(tokens, blocks()[index] ?? blocks()[tokens.length]);
  const typo = (words: readonly string[]) => (at && tokenMatcher(at, Name) ? closestName(at.image, words) : undefined);
  switch (record.kind) {
    case "mismatch": {
      if (record.expected === "EOF") return notADeclaration(found, typo(DECLARATIONS), file, span);
      const inside = record.expected === RCurly.name ? block() : undefined;
      if (!inside)
        return diagnostic(
          "THTL1010",
          { expected: expectedText(record.expected, record.expectedLabel, record.rule), found },
          file,
          span,
        );
      const suggestion = typo(inside.statements);
      if (suggestion) return diagnostic("THTL1014", { found, block: inside.description, suggestion }, file, span);
      return diagnostic("THTL1011", { block: inside.description, found }, file, span);
    }
    case "noViableAlt":
      return diagnostic("THTL1010", { expected: ALTERNATIVES[record.rule] ?? "something else", found }, file, span);
    case "earlyExit": {
      const repetition = REPETITIONS[record.rule] ?? { owner: "this statement", item: "item" };
      const previous = (error as IRecognitionException & { previousToken?: IToken }).previousToken;
      const owner =
        repetition.owner === "block"
          ? (block()?.description ?? "this block")
          : repetition.owner === "previous"
            ? `'${previous?.image ?? "this statement"}'`
            : repetition.owner;
      return diagnostic("THTL1012", { owner, item: repetition.item, found }, file, span);
    }
    case "notAllInput":
      return notADeclaration(found, typo(DECLARATIONS), file, span);
  }
}

const DECLARATIONS = ["import", "domain", "model", "schedule", "experiment"];

function notADeclaration(found: string, suggestion: string | undefined, file: string, span: Span): Diagnostic {
  return suggestion
    ? diagnostic("THTL1015", { found, suggestion }, file, span)
    : diagnostic("THTL1013", { found }, file, span);
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
