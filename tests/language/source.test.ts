import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSource } from "../../src/language/source.js";

const folder = mkdtempSync(join(tmpdir(), "thtl-source-"));
const at11 = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

function write(name: string, data: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, data);
  return path;
}

function failure(path: string) {
  const result = readSource(path);
  if (!("diagnostic" in result)) throw new Error("expected a diagnostic");
  return result.diagnostic;
}

describe("readSource", () => {
  it("reads UTF-8 text and drops a byte-order mark", () => {
    expect(readSource(write("ok.thtl", "version 1 # café\n"))).toEqual({ text: "version 1 # café\n" });
    expect(readSource(write("bom.thtl", "\uFEFFversion 1\n"))).toEqual({ text: "version 1\n" });
  });

  it("names a missing file", () => {
    const path = join(folder, "missing.thtl");
    expect(failure(path)).toEqual({
      code: "THTL5000",
      severity: "error",
      message: `cannot read '${path}': the file does not exist`,
      file: path,
      span: at11,
    });
  });

  it("names a directory", () => {
    const path = join(folder, "dir.thtl");
    mkdirSync(path);
    expect(failure(path).message).toBe(`cannot read '${path}': it is a directory, not a .thtl file`);
  });

  it("finds the first byte that is not UTF-8, past a genuine U+FFFD", () => {
    const bytes = Buffer.concat([Buffer.from("a\uFFFD\nb"), Buffer.from([0xe9]), Buffer.from("x\n")]);
    const path = write("latin1.thtl", bytes);
    const d = failure(path);
    expect(d.code).toBe("THTL5003");
    expect(d.message).toBe(
      `'${path}' is not UTF-8 text: the first bad byte is on line 2 (byte offset 6); save the file as UTF-8`,
    );
    expect(d.span).toEqual(at11);
  });

  it("recognises binary junk by its NUL bytes", () => {
    const path = write("junk.thtl", Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    expect(failure(path).message).toBe(
      `'${path}' looks like a binary file (it contains a NUL byte at offset 4), not .thtl source`,
    );
  });
});
