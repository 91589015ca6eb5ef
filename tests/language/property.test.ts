import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { Position } from "../../src/language/ast.js";
import { parse } from "../../src/language/parse.js";
import { KEYWORD_WORDS } from "../../src/language/tokens.js";
import { validSamples } from "./corpus.js";

/** Lines of a text as diagnostics count them (`\r\n`, `\r` and `\n` all end a line). */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function validPosition(p: Position, lines: number[], textLength: number): boolean {
  const length = lines[p.line - 1];
  return (
    Number.isInteger(p.line) &&
    Number.isInteger(p.column) &&
    Number.isInteger(p.offset) &&
    length !== undefined &&
    p.column >= 1 &&
    p.column <= length + 1 &&
    p.offset >= 0 &&
    p.offset <= textLength
  );
}

/** Parsing never throws, and every diagnostic points inside the file with start <= end. */
function checkParse(text: string): Diagnostic[] {
  const { diagnostics } = parse(text, "fuzz.thtl");
  const lines = lineLengths(text);
  for (const d of diagnostics) {
    const { start, end } = d.span;
    const where = `${d.code} ${d.message} at ${JSON.stringify(d.span)}`;
    expect(validPosition(start, lines, text.length), where).toBe(true);
    expect(validPosition(end, lines, text.length), where).toBe(true);
    expect(
      start.offset <= end.offset && (start.line < end.line || (start.line === end.line && start.column <= end.column)),
      where,
    ).toBe(true);
    expect(d.code, where).toMatch(/^THTL1\d{3}$/);
  }
  return diagnostics;
}

const TOKENS = [
  ...KEYWORD_WORDS,
  "{",
  "}",
  ",",
  ";",
  "->",
  "..",
  "x",
  "layer4",
  "12",
  "0.5",
  "1e-4",
  "3.0E+2",
  "-2",
  "64x64",
  "80/20",
  "70/15/15",
  "1/2/3/4",
  '"path"',
  '"esc\\q"',
  '"open',
  "# note\n",
  "\n",
  "\t",
  "@",
  "é",
  "\u0000",
  "\r",
];

const samples = validSamples();

describe("parse on arbitrary input", () => {
  it("random token sequences", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }),
        fc.array(fc.constantFrom(" ", "", "\n"), { minLength: 60, maxLength: 60 }),
        (tokens, gaps) => {
          checkParse(tokens.map((t, i) => t + gaps[i]).join(""));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("random text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => void checkParse(text)),
      { numRuns: 300 },
    );
  });

  it("valid files with deletions, duplications and flipped characters", () => {
    const mutation = fc.record({
      sample: fc.integer({ min: 0, max: samples.length - 1 }),
      edits: fc.array(
        fc.record({
          kind: fc.constantFrom("delete", "duplicate", "flip"),
          at: fc.nat(),
          length: fc.integer({ min: 1, max: 12 }),
          bits: fc.integer({ min: 1, max: 127 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ sample, edits }) => {
        let text = samples[sample]!.text;
        for (const { kind, at, length, bits } of edits) {
          const i = text.length === 0 ? 0 : at % text.length;
          if (kind === "delete") text = text.slice(0, i) + text.slice(i + length);
          else if (kind === "duplicate")
            text = text.slice(0, i + length) + text.slice(i, i + length) + text.slice(i + length);
          else text = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) || 32) ^ bits) + text.slice(i + 1);
        }
        checkParse(text);
      }),
      { numRuns: 400 },
    );
  });

  it("accepts every valid sample with no diagnostics", () => {
    for (const sample of samples) expect(checkParse(sample.text), sample.name).toEqual([]);
  });
});
