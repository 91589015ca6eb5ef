import type { IToken } from "chevrotain";
import { tokenMatcher } from "./chevrotain.js";
import { Keyword, LCurly, RCurly } from "./tokens.js";

const STARTS = [Keyword.import, Keyword.domain, Keyword.model, Keyword.schedule, Keyword.experiment];

function startsDeclaration(token: IToken): boolean {
  return STARTS.some((type) => tokenMatcher(token, type));
}

/**
 * Splits a file's tokens where a top-level declaration starts (a declaration keyword outside any
 * block, not itself the name being declared, as in `domain model {`), so that each declaration
 * is parsed and converted on its own. A broken declaration then cannot swallow the next one, and
 * the syntax tree of one declaration is garbage before the next is parsed: on long files the
 * parser's peak memory, and so its garbage-collection time, stays low. Returns `[start, end)`
 * token ranges covering every token; the first also holds any `version`.
 */
export function declarationChunks(tokens: IToken[]): [number, number][] {
  const chunks: [number, number][] = [];
  let start = 0;
  let depth = 0;
  tokens.forEach((t, i) => {
    if (t.tokenType === LCurly) depth++;
    else if (t.tokenType === RCurly) depth = Math.max(0, depth - 1);
    else if (depth === 0 && i > start && startsDeclaration(t) && !startsDeclaration(tokens[i - 1]!)) {
      chunks.push([start, i]);
      start = i;
    }
  });
  chunks.push([start, tokens.length]);
  return chunks;
}
