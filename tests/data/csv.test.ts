import { describe, expect, it } from "vitest";
import { CsvSyntaxError, parseCsv } from "../../src/data/csv.js";

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks", () => {
    const text = 'path,label\n"a, b.png",benign\n"say ""hi"".png","mal\nignant"\nplain.png,benign\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["path", "label"] },
      { line: 2, fields: ["a, b.png", "benign"] },
      { line: 3, fields: ['say "hi".png', "mal\nignant"] },
      { line: 5, fields: ["plain.png", "benign"] },
    ]);
  });

  it("accepts CRLF line ends, a BOM, blank lines and no final line break", () => {
    expect(parseCsv("\ufeffpath,label\r\n\r\nx.png,a\r\ny.png,b")).toEqual([
      { line: 1, fields: ["path", "label"] },
      { line: 3, fields: ["x.png", "a"] },
      { line: 4, fields: ["y.png", "b"] },
    ]);
  });

  it("keeps empty fields", () => {
    expect(parseCsv("a,,c\n,\n")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 2, fields: ["", ""] },
    ]);
  });

  it("rejects a quote that is never closed, naming the row's line", () => {
    let error: unknown;
    try {
      parseCsv('path,label\nok.png,a\n"broken.png,b\nmore\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(3);
    expect((error as CsvSyntaxError).message).toBe("a quoted field is not closed: add the closing '\"'");
  });
});
