import type { ILexingError, IToken } from "chevrotain";
import { tokenize } from "../language/lexer.js";

/** What the parser needs of a lexing: the tokens, the comments and the errors, in offset order. */
export interface Lexed {
  tokens: IToken[];
  comments: IToken[];
  errors: ILexingError[];
}

/**
 * `tokenize` for a file that changes one keystroke at a time. No token of thtl crosses a line
 * break (strings and comments end with their line), so only the lines an edit touched are lexed
 * again; the tokens of the lines after them are moved in place. Files with a lone `\r` or `\r\n`
 * are lexed whole (their line counting is not worth repeating here).
 */
export class IncrementalLexer {
  private last: { text: string; lexed: Lexed } | undefined;

  lex(text: string): Lexed {
    const last = this.last;
    const lexed =
      last && !text.includes("\r") && !last.text.includes("\r") ? relex(last.text, last.lexed, text) : lexWhole(text);
    this.last = { text, lexed };
    return lexed;
  }
}

function lexWhole(text: string): Lexed {
  const { tokens, groups, errors } = tokenize(text);
  return { tokens, comments: groups["comments"] ?? [], errors };
}

function relex(before: string, old: Lexed, after: string): Lexed {
  let prefix = 0;
  const shortest = Math.min(before.length, after.length);
  while (prefix < shortest && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shortest - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  // the changed lines, whole: from the start of the first to the end (line break included) of the last
  const start = prefix === 0 ? 0 : before.lastIndexOf("\n", prefix - 1) + 1;
  const lineEnd = (text: string, from: number) =>
    text.indexOf("\n", from) === -1 ? text.length : text.indexOf("\n", from) + 1;
  const oldEnd = lineEnd(before, before.length - suffix);
  const newEnd = lineEnd(after, after.length - suffix);
  const firstLine = countLines(before, 0, start) + 1;
  const offsetShift = newEnd - oldEnd;
  const lineShift = countLines(after, start, newEnd) - countLines(before, start, oldEnd);
  const middle = lexWhole(after.slice(start, newEnd));
  const place = <T extends IToken>(t: T): T => {
    t.startOffset += start;
    t.endOffset! += start;
    t.startLine! += firstLine - 1;
    t.endLine! += firstLine - 1;
    return t;
  };
  const move = <T extends IToken>(t: T): T => {
    t.startOffset += offsetShift;
    t.endOffset! += offsetShift;
    t.startLine! += lineShift;
    t.endLine! += lineShift;
    return t;
  };
  const splice = (list: IToken[], fresh: IToken[]) => [
    ...list.filter((t) => t.endOffset! < start),
    ...fresh.map(place),
    ...list.filter((t) => t.startOffset >= oldEnd).map(move),
  ];
  const errors = [
    ...old.errors.filter((e) => e.offset < start),
    ...middle.errors.map((e) => ({ ...e, offset: e.offset + start, line: (e.line ?? 1) + firstLine - 1 })),
    ...old.errors
      .filter((e) => e.offset >= oldEnd)
      .map((e) => ({ ...e, offset: e.offset + offsetShift, line: (e.line ?? 1) + lineShift })),
  ];
  return { tokens: splice(old.tokens, middle.tokens), comments: splice(old.comments, middle.comments), errors };
}

/** Line breaks in `text` between `from` and `to`. */
function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
