import type { IToken } from "chevrotain";
import { blockAt, enclosingBlocks, type BlockKind } from "../language/blocks.js";
import { declarationChunks } from "../language/chunks.js";
import { tokenize } from "../language/lexer.js";
import { thtlParser } from "../language/parser.js";
import { LCurly, RCurly, Semicolon, UnterminatedString } from "../language/tokens.js";

/** A token the grammar accepts at the cursor, and the rules it would be parsed in (outermost first). */
export interface Expected {
  token: string;
  rules: string[];
}

export interface AssistPoint {
  expected: Expected[];
  /** The tokens before the cursor, from the start of the declaration it is in. */
  preceding: IToken[];
  /** `declaration-keyword NAME` of that declaration (`schedule swft`), when written. */
  owner?: { keyword: string; name: string };
  /** Keywords of the block the cursor is in, when the grammar could not follow a broken statement. */
  statements?: readonly string[];
}

/** The rule a statement of each kind of block starts. */
const STATEMENT_RULE: Partial<Record<BlockKind, string>> = {
  domain: "domainStatement",
  model: "modelStatement",
  stage: "stageStatement",
  defaults: "setting",
  experiment: "experimentStatement",
};

/**
 * What may come at `offset`, with the name being typed there (`[start, offset)`) left out, from
 * Chevrotain's content assist over the tokens before it: from the start of their top-level
 * declaration (each declaration parses on its own), or, when something before the cursor is
 * broken, from the start of the statement the cursor is in. Undefined inside a comment or string.
 */
export function assistAt(text: string, start: number): AssistPoint | undefined {
  const lexed = tokenize(text.slice(0, start));
  const last = lexed.tokens[lexed.tokens.length - 1];
  const lastComment = lexed.groups["comments"]?.at(-1);
  // cut at the cursor, a comment or an open string reaches it exactly
  if (lastComment && lastComment.endOffset! + 1 === start) return undefined;
  if (last && last.endOffset! + 1 === start && last.tokenType === UnterminatedString) return undefined;
  const tokens = lexed.tokens;
  const [chunkStart] = declarationChunks(tokens).at(-1)!;
  const preceding = tokens.slice(chunkStart);
  const owner = preceding.length >= 2 ? { keyword: preceding[0]!.image, name: preceding[1]!.image } : undefined;
  const parser = thtlParser();
  const expected = parser.computeContentAssist("document", preceding).map(toExpected);
  if (expected.length > 0) return { expected, preceding, ...(owner && { owner }) };
  return { ...statementAssist(tokens), preceding, ...(owner && { owner }) };
}

function toExpected(path: { nextTokenType: { name: string }; ruleStack: string[] }): Expected {
  return { token: path.nextTokenType.name, rules: path.ruleStack };
}

/** Content assist from the start of the statement the cursor is in, inside its innermost block. */
function statementAssist(tokens: IToken[]): { expected: Expected[]; statements?: readonly string[] } {
  const brace = enclosingBlocks(tokens)[tokens.length];
  const block = blockAt(tokens, brace);
  if (brace === undefined || !block?.kind) return { expected: [] };
  let from = tokens.length;
  while (from > brace + 1) {
    const t = tokens[from - 1]!;
    if (t.tokenType === Semicolon || t.tokenType === LCurly || t.tokenType === RCurly) break;
    from--;
    if (block.statements.includes(t.image)) break;
  }
  const statement = tokens.slice(from);
  const rule = STATEMENT_RULE[block.kind];
  if (statement.length === 0 || !rule) return { expected: [], statements: block.statements };
  return { expected: thtlParser().computeContentAssist(rule, statement).map(toExpected) };
}
