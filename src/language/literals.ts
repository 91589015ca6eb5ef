import type { IToken } from "chevrotain";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { NumberLiteral, SizeLiteral, Span, StringLiteral } from "./ast.js";
import { tokenSpan } from "./cst-access.js";
import type { AstContext } from "./ast-context.js";

/** Literal tokens -> AST literals: numbers, sizes, ratios and strings with their escapes. */

export function literalNumber(t: IToken): NumberLiteral {
  return { kind: "Number", value: Number(t.image), raw: t.image, span: tokenSpan(t) };
}

export function literalSize(t: IToken): SizeLiteral {
  const [height, width] = t.image.split("x").map(Number);
  return { kind: "Size", height: height!, width: width!, span: tokenSpan(t) };
}

/** `70/15/15` -> one number per part, each with its own span inside the token. */
export function literalRatio(t: IToken, cx: AstContext): NumberLiteral[] | undefined {
  const raws = t.image.split("/");
  if (raws.length > 3) {
    cx.diagnostics.push(diagnostic("THTL1005", { ratio: t.image, count: raws.length }, cx.file, tokenSpan(t)));
    return undefined;
  }
  let column = 0;
  return raws.map((raw) => {
    const part = { kind: "Number" as const, value: Number(raw), raw, span: slice(tokenSpan(t), column, raw.length) };
    column += raw.length + 1;
    return part;
  });
}

/** The part of a one-line span from `from` (characters into it) for `length` characters. */
function slice(span: Span, from: number, length: number): Span {
  const at = (delta: number) => ({
    offset: span.start.offset + delta,
    line: span.start.line,
    column: span.start.column + delta,
  });
  return { start: at(from), end: at(from + length) };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t" };

/**
 * The string's value with escapes resolved. An unknown escape is reported and kept as the
 * character after the backslash; an unterminated string (reported by the parser) keeps its text.
 */
export function literalString(t: IToken, cx: AstContext): StringLiteral {
  const span = tokenSpan(t);
  const closed = t.image.length >= 2 && t.image.endsWith('"') && t.tokenType.name === "StringLiteral";
  const body = t.image.slice(1, closed ? -1 : undefined);
  const value = body.replace(/\\(.?)/g, (whole, char: string, index: number) => {
    if (Object.hasOwn(ESCAPES, char)) return ESCAPES[char]!;
    if (char === "") return whole;
    const at = slice(span, index + 1, whole.length);
    cx.diagnostics.push(diagnostic("THTL1002", { char }, cx.file, at));
    return char;
  });
  return { kind: "String", value, span };
}
