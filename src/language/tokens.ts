import type { TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

/**
 * The tokens of `.thtl` (spec section 2). Keywords are soft: each is also a `Name`, which the
 * parser consumes wherever a name is expected, so `stage head { train head }` parses.
 */

/**
 * What Chevrotain would otherwise work out by parsing each regex when the lexer is built, on every
 * start of `thtl`: whether the token can span lines, and the characters it can start with.
 */
function hints(lineBreaks: boolean, startChars: string[]): { line_breaks: boolean; start_chars_hint: string[] } {
  return { line_breaks: lineBreaks, start_chars_hint: startChars };
}

function range(from: string, to: string): string[] {
  return Array.from({ length: to.charCodeAt(0) - from.charCodeAt(0) + 1 }, (_, i) =>
    String.fromCharCode(from.charCodeAt(0) + i),
  );
}

const DIGITS = range("0", "9");

/** Any name: an identifier or a keyword. A category only; it matches no text itself. */
export const Name = createToken({ name: "Name", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  ...hints(false, ["_", ...range("A", "Z"), ...range("a", "z")]),
  categories: [Name],
  label: "a name",
});

/** Every keyword of spec section 8, by the text it matches. */
export const KEYWORD_WORDS = [
  "version",
  "import",
  "domain",
  "model",
  "schedule",
  "experiment",
  "stage",
  "defaults",
  "chain",
  "with",
  "scratch",
  "models",
  "seeds",
  "input",
  "weights",
  "data",
  "imagefolder",
  "csv",
  "root",
  "synth",
  "classes",
  "positive",
  "split",
  "seed",
  "image",
  "grayscale",
  "rgb",
  "augment",
  "hflip",
  "vflip",
  "rotate",
  "crop",
  "jitter",
  "arch",
  "width",
  "dropout",
  "train",
  "freeze",
  "unfreeze",
  "all",
  "head",
  "last",
  "epochs",
  "batch",
  "optimizer",
  "sgd",
  "adam",
  "adamw",
  "rmsprop",
  "momentum",
  "lr",
  "cosine",
  "step",
  "weight_decay",
  "batchnorm",
  "frozen",
  "early_stop",
  "patience",
  "keep",
  "best",
  "cam",
] as const;

export type KeywordWord = (typeof KEYWORD_WORDS)[number];

/** `early_stop` -> `EarlyStop`: the token's name, as grammar diagrams and the EBNF show it. */
function tokenName(word: string): string {
  return word.replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

export const Keyword: Record<KeywordWord, TokenType> = Object.fromEntries(
  KEYWORD_WORDS.map((word) => [
    word,
    createToken({
      name: tokenName(word),
      pattern: word,
      longer_alt: Identifier,
      categories: [Name],
      label: `'${word}'`,
    }),
  ]),
) as Record<KeywordWord, TokenType>;

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\.)*"/,
  ...hints(false, ['"']),
  label: "a string",
});
/** A string that reaches the end of the line: reported, then parsed as a string to avoid cascades. */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\r\n]|\\.)*\\?/,
  ...hints(false, ['"']),
  categories: [StringLiteral],
  label: "a string",
});

export const SizeLiteral = createToken({
  name: "SizeLiteral",
  pattern: /[0-9]+x[0-9]+/,
  ...hints(false, DIGITS),
  label: "a size such as 64x64",
});
export const RatioLiteral = createToken({
  name: "RatioLiteral",
  pattern: /[0-9]+(?:\/[0-9]+)+/,
  ...hints(false, DIGITS),
  label: "a ratio such as 80/20",
});
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/,
  ...hints(false, ["-", ...DIGITS]),
  label: "a number",
});

export const Arrow = createToken({ name: "Arrow", pattern: "->", label: "'->'" });
export const DotDot = createToken({ name: "DotDot", pattern: "..", label: "'..'" });
export const LCurly = createToken({ name: "LCurly", pattern: "{", label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: "}", label: "'}'" });
export const Comma = createToken({ name: "Comma", pattern: ",", label: "','" });
export const Semicolon = createToken({ name: "Semicolon", pattern: ";", label: "';'" });

export const Comment = createToken({
  name: "Comment",
  pattern: /#[^\r\n]*/,
  ...hints(false, ["#"]),
  group: "comments",
});
export const WhiteSpace = createToken({
  name: "WhiteSpace",
  pattern: /[ \t\r\n\f\v]+/,
  ...hints(true, [" ", "\t", "\r", "\n", "\f", "\v"]),
  group: Lexer.SKIPPED,
});

/**
 * Lexing order: keywords before `Identifier`, longest first, because `longer_alt` cannot chain
 * (chevrotain#1334): `models` must be tried before `model`, or `models` would lex as a name.
 * Sizes and ratios before numbers, which share their first digits.
 */
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  UnterminatedString,
  Arrow,
  SizeLiteral,
  RatioLiteral,
  NumberLiteral,
  DotDot,
  LCurly,
  RCurly,
  Comma,
  Semicolon,
  ...[...KEYWORD_WORDS].sort((a, b) => b.length - a.length).map((word) => Keyword[word]),
  Identifier,
  Name,
];
