import { describe, expect, it } from "vitest";
import { SYNTAX_CODES } from "../../src/diagnostics/codes/syntax.js";
import { parse } from "../../src/language/parse.js";

/** Codes that no short snippet produces; their example is a description for docs/diagnostics.md. */
const DESCRIBED = new Set(["THTL1006", "THTL1099"]);

describe("the syntax codes' examples", () => {
  for (const [code, entry] of Object.entries(SYNTAX_CODES)) {
    if (DESCRIBED.has(code)) continue;
    it(`${code}: the example produces it`, () => {
      expect(parse(entry.example, "example.thtl").diagnostics.map((d) => d.code)).toContain(code);
    });
  }

  it("cover the whole range they are documented with", () => {
    for (const code of Object.keys(SYNTAX_CODES)) expect(Number(code.slice(4))).toBeGreaterThanOrEqual(1000);
    for (const code of Object.keys(SYNTAX_CODES)) expect(Number(code.slice(4))).toBeLessThanOrEqual(1099);
    for (const code of DESCRIBED) expect(SYNTAX_CODES[code]!.example).not.toMatch(/^\s*(domain|schedule|model|experiment)\b/);
  });
});
