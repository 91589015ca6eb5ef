import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { validSamples } from "../language/corpus.js";
import { shape } from "./ast-shape.js";

/**
 * Valid files re-laid out at random (lines joined, split at spaces, re-indented) and sprinkled
 * with comments: formatting any of them keeps the AST and every comment, and is idempotent.
 */

const samples = validSamples();

const edit = fc.record({
  kind: fc.constantFrom("join", "split", "indent", "trailing comment", "own-line comment", "blank"),
  at: fc.nat(),
  width: fc.integer({ min: 0, max: 6 }),
});

function apply(text: string, edits: { kind: string; at: number; width: number }[]): string {
  const lines = text.split("\n");
  edits.forEach(({ kind, at, width }, n) => {
    const i = at % lines.length;
    const line = lines[i]!;
    if (kind === "join" && i + 1 < lines.length && !line.includes("#")) lines.splice(i, 2, `${line} ${lines[i + 1]}`);
    if (kind === "split" && !line.includes('"') && !line.includes("#")) {
      const spaces = [...line.matchAll(/ +/g)];
      const space = spaces[at % Math.max(1, spaces.length)];
      if (space) lines.splice(i, 1, line.slice(0, space.index), line.slice(space.index! + space[0].length));
    }
    if (kind === "indent") lines[i] = " ".repeat(width) + line.trimStart();
    if (kind === "trailing comment") lines[i] = `${line}${" ".repeat(width)}# note ${n}`;
    if (kind === "own-line comment") lines.splice(i, 0, `${" ".repeat(width)}# remark ${n}`);
    if (kind === "blank") lines.splice(i, 0, "");
  });
  return lines.join("\n");
}

describe("formatting re-laid-out files", () => {
  it("keeps the AST and the comments, and is idempotent", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        (index, edits) => {
          const text = apply(samples[index]!.text, edits);
          const first = parse(text, "p.thtl");
          fc.pre(first.diagnostics.length === 0);
          const once = print(first.document);
          const second = parse(once, "p.thtl");
          expect(second.diagnostics).toEqual([]);
          // Comments may move within their block (from inside a statement to after it): compared apart.
          expect(shape({ ...second.document, comments: [] })).toEqual(shape({ ...first.document, comments: [] }));
          expect(second.document.comments.map((c) => c.text).sort()).toEqual(
            first.document.comments.map((c) => c.text).sort(),
          );
          expect(print(second.document)).toBe(once);
        },
      ),
      { numRuns: 300 },
    );
  });
});
