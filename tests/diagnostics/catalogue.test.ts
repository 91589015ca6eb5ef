import { describe, expect, it } from "vitest";
import { CATALOGUE, diagnostic } from "../../src/diagnostics/catalogue.js";
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

  it("throws on an unknown code or a missing argument, which are bugs in the caller", () => {
    expect(() => diagnostic("THTL9999", {}, "a.thtl", span)).toThrow("unknown diagnostic code THTL9999");
    expect(() => diagnostic("THTL1000", {}, "a.thtl", span)).toThrow("diagnostic THTL1000 needs the argument 'char'");
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
