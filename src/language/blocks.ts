import type { IToken } from "chevrotain";
import { tokenMatcher } from "./chevrotain.js";
import { Keyword, LCurly, Name, RCurly } from "./tokens.js";

/**
 * For each token, the index of the `{` of the innermost block it lies in (a `}` lies in the block
 * it closes); one more entry at the end for the end of the file. Syntax errors use it to say
 * which block a missing `}` should close.
 */
export function enclosingBlocks(tokens: IToken[]): (number | undefined)[] {
  const open: number[] = [];
  const result: (number | undefined)[] = [];
  tokens.forEach((t, i) => {
    result.push(open[open.length - 1]);
    if (t.tokenType === LCurly) open.push(i);
    else if (t.tokenType === RCurly) open.pop();
  });
  result.push(open[open.length - 1]);
  return result;
}

const NAMED_BLOCKS = ["domain", "model", "schedule", "experiment", "stage"] as const;

/** `stage 'head'`, `the defaults block`, ... from the tokens before the block's `{`. */
export function describeBlock(tokens: IToken[], brace: number | undefined): string | undefined {
  if (brace === undefined) return undefined;
  const before = tokens[brace - 1];
  const keyword = tokens[brace - 2];
  if (before && tokenMatcher(before, Keyword.defaults)) return "the defaults block";
  if (before && tokenMatcher(before, Keyword.with)) return "the schedule after 'with'";
  const kind = keyword && NAMED_BLOCKS.find((word) => tokenMatcher(keyword, Keyword[word]));
  if (kind && before && tokenMatcher(before, Name)) return `${kind} '${before.image}'`;
  return `the block opened on line ${tokens[brace]!.startLine}`;
}
