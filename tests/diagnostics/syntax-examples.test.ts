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

  it("describe in prose the codes that no snippet produces", () => {
    for (const [code, entry] of Object.entries(SYNTAX_CODES)) {
      if (DESCRIBED.has(code)) expect(entry.example).not.toMatch(/^\s*(domain|schedule|model|experiment)\b/);
    }
  });
});
