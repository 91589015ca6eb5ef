import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ISerializedGast } from "chevrotain";
import { describe, expect, it } from "vitest";
import { thtlLexer } from "../../src/language/lexer.js";
import { ThtlParser } from "../../src/language/parser.js";
import { Keyword, KEYWORD_WORDS, type KeywordWord } from "../../src/language/tokens.js";
import { ROOT } from "./corpus.js";

/** `grammar/thtl.ebnf` is for people; these tests keep it equal to what the parser does. */

const ebnf = readFileSync(join(ROOT, "grammar/thtl.ebnf"), "utf8");

/** Rule name -> its right-hand side, whitespace collapsed. Continuation lines are indented. */
function ebnfRules(text: string): Map<string, string> {
  const rules = new Map<string, string>();
  let current: string | undefined;
  for (const line of text.replace(/\(\*[\s\S]*?\*\)/g, "").split("\n")) {
    const start = /^(\w+) ::= (.*)$/.exec(line);
    if (start) rules.set((current = start[1]!), start[2]!.trim());
    else if (current && /^\s+\S/.test(line)) rules.set(current, `${rules.get(current)} ${line.trim()}`);
    else if (line.trim() === "") current = undefined;
  }
  return rules;
}

const PUNCTUATION: Record<string, string> = {
  "{": "LCurly",
  "}": "RCurly",
  ",": "Comma",
  ";": "Semicolon",
  "->": "Arrow",
  "..": "DotDot",
};
const TOKEN_NAMES: Record<string, string> = {
  Name: "Name",
  Number: "NumberLiteral",
  String: "StringLiteral",
  Size: "SizeLiteral",
  Ratio: "RatioLiteral",
};

/** The tokens and rules one EBNF right-hand side refers to, named as the parser names them. */
function ebnfReferences(body: string): string[] {
  const symbols = body.match(/"[^"]*"|\w+/g) ?? [];
  return [
    ...new Set(
      symbols.map((s) => {
        if (s.startsWith('"')) {
          const text = s.slice(1, -1);
          return PUNCTUATION[text] ?? Keyword[text as KeywordWord].name;
        }
        return TOKEN_NAMES[s] ?? s;
      }),
    ),
  ].sort();
}

/** The same, from the parser's own grammar (its serialized GAST). */
function gastReferences(node: ISerializedGast, into = new Set<string>()): Set<string> {
  if (node.type === "Terminal" || node.type === "NonTerminal") into.add((node as unknown as { name: string }).name);
  const separator = (node as { separator?: ISerializedGast }).separator;
  if (separator) gastReferences(separator, into);
  for (const child of (node as { definition?: ISerializedGast[] }).definition ?? []) gastReferences(child, into);
  return into;
}

const productions = new ThtlParser().getSerializedGastProductions() as (ISerializedGast & { name: string })[];
const rules = ebnfRules(ebnf);
const parserRules = [...rules.keys()].filter((name) => /^[a-z]/.test(name));

describe("grammar/thtl.ebnf", () => {
  it("has the parser's rules, no more and no fewer", () => {
    expect(parserRules.sort()).toEqual(productions.map((p) => p.name).sort());
  });

  for (const production of productions) {
    it(`${production.name} refers to the same rules and tokens as the parser`, () => {
      expect(ebnfReferences(rules.get(production.name) ?? "")).toEqual([...gastReferences(production)].sort());
    });
  }

  it("is what the parser's comments say, rule by rule", () => {
    const source = readFileSync(join(ROOT, "src/language/parser.ts"), "utf8");
    const commentLines = source.split("\n").map((line) => (line.startsWith("  // ") ? line.slice(5) : ""));
    const comments = ebnfRules(commentLines.join("\n"));
    for (const name of parserRules) expect(`${name} ::= ${comments.get(name)}`).toBe(`${name} ::= ${rules.get(name)}`);
  });

  it("lists exactly the lexer's keywords", () => {
    const listed = (rules.get("Keyword") ?? "").match(/"[^"]*"/g)!.map((s) => s.slice(1, -1));
    expect(listed).toEqual([...KEYWORD_WORDS]);
  });
});

describe("the parser and lexer definitions", () => {
  it("pass Chevrotain's own checks (skipped in production for start-up time)", () => {
    // performSelfAnalysis throws on any definition error (ambiguity, left recursion, ...).
    expect(() => new ThtlParser({ validate: true })).not.toThrow();
    expect(() => thtlLexer({ validate: true })).not.toThrow();
  });
});
