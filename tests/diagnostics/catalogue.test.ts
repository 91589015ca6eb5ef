import { describe, expect, it } from "vitest";
import { CATALOGUE, CODE_RANGES, diagnostic } from "../../src/diagnostics/catalogue.js";
import type { Span } from "../../src/language/ast.js";

const span: Span = { start: { offset: 4, line: 1, column: 5 }, end: { offset: 8, line: 1, column: 9 } };

describe("catalogue", () => {
  it("fills the placeholders of an entry's message", () => {
    const d = diagnostic("THTL1011", { block: "stage 'head'", found: "'epochs'" }, "a.thtl", span);
    expect(d).toEqual({
      code: "THTL1011",
      severity: "error",
      message: "expected '}' to close stage 'head' but found 'epochs'",
      file: "a.thtl",
      span,
    });
  });

  it("keeps related locations when there are any", () => {
    const related = [{ message: "first declared here", file: "b.thtl", span }];
    expect(diagnostic("THTL1000", { char: "'@'" }, "a.thtl", span, related).related).toEqual(related);
    expect(diagnostic("THTL1000", { char: "'@'" }, "a.thtl", span, []).related).toBeUndefined();
  });

  it("turns an unknown code, a missing argument or a stray one into a compile error", () => {
    // `npm test` type-checks this file: each line below must fail to compile, or tsc reports the unused directive.
    // @ts-expect-error THTL9999 is not in the catalogue
    expect(() => diagnostic("THTL9999", {}, "a.thtl", span)).toThrow();
    // @ts-expect-error THTL1000's message has a {char} placeholder
    expect(diagnostic("THTL1000", {}, "a.thtl", span).message).toBe("unexpected character undefined");
    // @ts-expect-error THTL1000's message has no {name} placeholder
    expect(diagnostic("THTL1000", { char: "'@'", name: "x" }, "a.thtl", span).message).toBe("unexpected character '@'");
  });

  it("keeps each range's codes in its own table, so no code is defined twice", () => {
    CODE_RANGES.forEach(({ title, codes }) => {
      const [first, last] = title
        .match(/THTL(\d{4})-(\d{4})/)!
        .slice(1)
        .map(Number);
      for (const code of Object.keys(codes))
        expect(Number(code.slice(4))).toSatisfy((n: number) => n >= first! && n <= last!);
    });
    const total = CODE_RANGES.reduce((sum, { codes }) => sum + Object.keys(codes).length, 0);
    expect(Object.keys(CATALOGUE)).toHaveLength(total);
  });

  it("holds well-formed entries only", () => {
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      expect(code).toMatch(/^THTL\d{4}$/);
      expect(["error", "warning"]).toContain(entry.severity);
      expect(entry.message.length).toBeGreaterThan(10);
      expect(entry.example.length).toBeGreaterThan(0);
    }
  });
});
