import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { expect, test } from "vitest";
import type { IToken } from "chevrotain";
import { tokenize } from "../../src/language/lexer.js";
import { parse } from "../../src/language/parse.js";
import { IncrementalLexer } from "../../src/lsp/incremental-lex.js";
import { IncrementalParser } from "../../src/lsp/incremental-parse.js";

const ROOT = join(import.meta.dirname, "../..");
const SOURCES = ["examples", "schedules"].flatMap((folder) =>
  readdirSync(join(ROOT, folder))
    .filter((name) => name.endsWith(".thtl"))
    .map((name) => readFileSync(join(ROOT, folder, name), "utf8")),
);
const ALL = SOURCES.join("\n");

/** Edits a user makes: typing a few characters, deleting some, breaking a line, adding a declaration. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.integer({ min: 0, max: 6 }),
  insert: fc.constantFrom(
    "",
    "x",
    " ",
    "\n",
    "}",
    "{",
    "2",
    "@",
    "\n\n# two lines\n",
    "stage z { train head; epochs 1 }\n",
    "domain q { data synth natural 10 }\n",
    "# note\n",
    '"',
    "é",
  ),
});

test("re-parsing after each edit gives exactly what a fresh parse gives", () => {
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      const parser = new IncrementalParser();
      let text = ALL;
      parser.parse(text, "f.thtl");
      for (const { at, remove, insert } of edits) {
        const index = Math.floor(at * text.length);
        text = text.slice(0, index) + insert + text.slice(index + remove);
        expect(parser.parse(text, "f.thtl")).toEqual(parse(text, "f.thtl"));
      }
    }),
    { numRuns: 25 },
  );
});

test("re-lexing only the edited lines gives exactly the tokens, comments and errors of lexing the whole text", () => {
  const view = (t: IToken) => [
    t.image,
    t.tokenType.name,
    t.startOffset,
    t.endOffset,
    t.startLine,
    t.endLine,
    t.startColumn,
    t.endColumn,
  ];
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      const lexer = new IncrementalLexer();
      let text = SOURCES.slice(0, 4).join("\n");
      lexer.lex(text);
      for (const { at, remove, insert } of edits) {
        const index = Math.floor(at * text.length);
        text = text.slice(0, index) + insert + text.slice(index + remove);
        const whole = tokenize(text);
        const part = lexer.lex(text);
        expect(part.tokens.map(view)).toEqual(whole.tokens.map(view));
        expect(part.comments.map(view)).toEqual((whole.groups["comments"] ?? []).map(view));
        expect(part.errors.map((e) => [e.offset, e.line, e.column, e.length])).toEqual(
          whole.errors.map((e) => [e.offset, e.line, e.column, e.length]),
        );
      }
    }),
    { numRuns: 40 },
  );
});
