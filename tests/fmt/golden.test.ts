import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { canonicalNumber } from "../../src/language/print-literals.js";

const golden = join(import.meta.dirname, "golden");

function format(text: string): string {
  const { document, diagnostics } = parse(text, "input.thtl");
  expect(diagnostics).toEqual([]);
  return print(document);
}

describe("golden outputs", () => {
  for (const name of ["messy", "comments", "breaking"]) {
    it(`formats ${name}.thtl as ${name}.expected.thtl`, () => {
      const input = readFileSync(join(golden, `${name}.thtl`), "utf8");
      expect(format(input)).toBe(readFileSync(join(golden, `${name}.expected.thtl`), "utf8"));
    });
  }
});

describe("printer details", () => {
  it("spells numbers canonically without re-deriving them from their value", () => {
    const cases: [string, string][] = [
      ["12", "12"],
      ["0.5", "0.5"],
      ["1e-4", "1e-4"],
      ["3.0E+2", "3e2"],
      ["007", "7"],
      ["0.50", "0.5"],
      ["1.0", "1"],
      ["1e-04", "1e-4"],
      ["1E0", "1"],
      ["0.0001", "0.0001"],
      ["-2.50", "-2.5"],
      ["0", "0"],
    ];
    for (const [raw, canonical] of cases) {
      expect(canonicalNumber(raw)).toBe(canonical);
      expect(Number(canonicalNumber(raw))).toBe(Number(raw));
    }
  });

  it("escapes strings", () => {
    expect(format('domain d { weights "a\\"b\\\\c\\nd\\te" }')).toBe('domain d {\n  weights "a\\"b\\\\c\\nd\\te"\n}\n');
  });

  it("reads \r\n and \r line ends and writes \n", () => {
    const lf = readFileSync(join(golden, "comments.thtl"), "utf8");
    const expected = readFileSync(join(golden, "comments.expected.thtl"), "utf8");
    expect(format(lf.replaceAll("\n", "\r\n"))).toBe(expected);
    expect(format(lf.replaceAll("\n", "\r"))).toBe(expected);
  });

  it("prints an empty file as empty and a file of comments as its comments", () => {
    expect(format("")).toBe("");
    expect(format("  # one\n\n\n#two   \n")).toBe("# one\n\n#two\n");
  });

  it("keeps soft keywords used as names", () => {
    expect(format("schedule last { stage head { train head } stage last { train last 2 } }")).toBe(
      "schedule last {\n  stage head { train head }\n  stage last { train last 2 }\n}\n",
    );
  });
});
