import { describe, expect, it } from "vitest";
import { diagnostic } from "../../src/diagnostics/catalogue.js";
import { formatDiagnostic, formatDiagnostics, summaryLine, toDiagnosticJson } from "../../src/diagnostics/format.js";
import type { Span } from "../../src/language/ast.js";

function spanOf(line: number, column: number, length: number, offset = 0): Span {
  return { start: { offset, line, column }, end: { offset: offset + length, line, column: column + length } };
}

const source = "schedule s {\n  stage head { train head epochs }\n}\n";
const missing = diagnostic("THTL1010", { expected: "a number", found: "'}'" }, "s.thtl", spanOf(2, 33, 1, 45));
const plain = { color: false };

describe("formatDiagnostic", () => {
  it("prints the header, the source line and a caret under the span", () => {
    expect(formatDiagnostic(missing, source, plain)).toBe(
      [
        "s.thtl:2:33: error THTL1010: expected a number but found '}'",
        "2 |   stage head { train head epochs }",
        "  |                                 ^",
        "",
      ].join("\n"),
    );
  });

  it("underlines the whole span with tildes after the caret", () => {
    const d = diagnostic("THTL1011", { block: "stage 'head'", found: "'epochs'" }, "s.thtl", spanOf(2, 27, 6));
    expect(formatDiagnostic(d, source, plain).split("\n")[2]).toBe("  |                           ^~~~~~");
  });

  it("expands tabs so that the caret stays under the right character", () => {
    const d = diagnostic("THTL1000", { char: "'@'" }, "t.thtl", spanOf(1, 3, 1));
    expect(formatDiagnostic(d, "\t\t@", plain).split("\n").slice(1, 3)).toEqual(["1 |         @", "  |         ^"]);
  });

  it("crops a long line around the span", () => {
    const line = `${"a".repeat(300)}@${"b".repeat(300)}`;
    const d = diagnostic("THTL1000", { char: "'@'" }, "l.thtl", spanOf(1, 301, 1, 300));
    const [, text, underline] = formatDiagnostic(d, line, plain).split("\n");
    expect(text).toBe(`1 | …${"a".repeat(20)}@${"b".repeat(79)}…`);
    expect(underline).toBe(`  | ${" ".repeat(21)}^`);
  });

  it("underlines to the end of the line when the span runs onto the next", () => {
    const d = diagnostic("THTL1001", {}, "u.thtl", {
      start: { offset: 2, line: 1, column: 3 },
      end: { offset: 12, line: 2, column: 3 },
    });
    expect(formatDiagnostic(d, 'a "bcdefg\nhi', plain).split("\n")[2]).toBe("  |   ^~~~~~~");
  });

  it("draws a caret just past the end of the line for an error at the end of the file", () => {
    const d = diagnostic(
      "THTL1011",
      { block: "schedule 's'", found: "the end of the file" },
      "e.thtl",
      spanOf(1, 13, 0, 12),
    );
    expect(formatDiagnostic(d, "schedule s {", plain).split("\n").slice(1, 3)).toEqual([
      "1 | schedule s {",
      "  |             ^",
    ]);
  });

  it("prints only the header without the source, and related locations after the frame", () => {
    const d = diagnostic("THTL5000", { file: "x.thtl" }, "x.thtl", spanOf(1, 1, 0), [
      { message: "imported here", file: "main.thtl", span: spanOf(3, 8, 8) },
    ]);
    expect(formatDiagnostic(d, undefined, plain)).toBe(
      "x.thtl:1:1: error THTL5000: cannot read 'x.thtl': the file does not exist\n  main.thtl:3:8: imported here\n",
    );
  });

  it("colours only when asked", () => {
    expect(formatDiagnostic(missing, source, { color: true })).toContain("\u001b[31merror\u001b[39m");
    expect(formatDiagnostic(missing, source, plain)).not.toContain("\u001b[");
  });
});

describe("formatDiagnostics", () => {
  it("separates diagnostics with a blank line and ends with a summary", () => {
    const warning = { ...missing, severity: "warning" as const };
    const text = formatDiagnostics([missing, missing, warning], () => undefined, plain);
    expect(text).toBe(
      [
        "s.thtl:2:33: error THTL1010: expected a number but found '}'",
        "",
        "s.thtl:2:33: error THTL1010: expected a number but found '}'",
        "",
        "s.thtl:2:33: warning THTL1010: expected a number but found '}'",
        "",
        "2 errors, 1 warning",
        "",
      ].join("\n"),
    );
  });

  it("prints nothing for no diagnostics", () => {
    expect(formatDiagnostics([], () => source, plain)).toBe("");
    expect(summaryLine([])).toBe("no problems");
    expect(summaryLine([missing])).toBe("1 error");
  });
});

describe("toDiagnosticJson", () => {
  it("gives the spec's shape with 1-based lines and columns", () => {
    expect(toDiagnosticJson(missing)).toEqual({
      code: "THTL1010",
      severity: "error",
      message: "expected a number but found '}'",
      file: "s.thtl",
      line: 2,
      column: 33,
      endLine: 2,
      endColumn: 34,
      related: [],
    });
  });
});
