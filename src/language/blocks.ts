import type { IToken } from "chevrotain";
import { tokenMatcher } from "./chevrotain.js";
import { Keyword, LCurly, Name, RCurly, type KeywordWord } from "./tokens.js";

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

const SETTINGS: KeywordWord[] = [
  "epochs",
  "batch",
  "optimizer",
  "lr",
  "weight_decay",
  "batchnorm",
  "early_stop",
  "keep",
];

/** The keywords that start a statement, per kind of block. */
const STATEMENTS = {
  domain: ["weights", "data", "classes", "positive", "split", "image", "augment"],
  model: ["arch", "width", "input", "dropout"],
  schedule: ["defaults", "stage"],
  experiment: ["models", "seeds", "input", "chain", "cam"],
  stage: ["train", "unfreeze", "freeze", ...SETTINGS],
  defaults: SETTINGS,
  with: ["defaults", "stage"],
} satisfies Record<string, KeywordWord[]>;

export type BlockKind = keyof typeof STATEMENTS;

export interface Block {
  kind?: BlockKind;
  /** `stage 'head'`, `the defaults block`, ... */
  description: string;
  statements: readonly string[];
}

const NAMED: BlockKind[] = ["domain", "model", "schedule", "experiment", "stage"];

/** The block whose `{` is at `brace`, from the tokens before it. */
export function blockAt(tokens: IToken[], brace: number | undefined): Block | undefined {
  if (brace === undefined) return undefined;
  const before = tokens[brace - 1];
  const keyword = tokens[brace - 2];
  if (before && tokenMatcher(before, Keyword.defaults)) return block("defaults", "the defaults block");
  if (before && tokenMatcher(before, Keyword.with)) return block("with", "the schedule after 'with'");
  const kind = keyword && NAMED.find((word) => tokenMatcher(keyword, Keyword[word]));
  if (kind && before && tokenMatcher(before, Name)) return block(kind, `${kind} '${before.image}'`);
  return { description: `the block opened on line ${tokens[brace]!.startLine}`, statements: [] };
}

function block(kind: BlockKind, description: string): Block {
  return { kind, description, statements: STATEMENTS[kind] };
}
