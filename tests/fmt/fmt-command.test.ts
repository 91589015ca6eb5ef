import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";

const messy = "schedule s { stage a { train head; epochs 3 }\n}\n";
const canonical = "schedule s {\n  stage a { train head; epochs 3 }\n}\n";
const broken = "schedule s { stage a { train head; epochs }\n";

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), "thtl-fmt-"));
  writeFileSync(join(cwd, "messy.thtl"), messy);
  writeFileSync(join(cwd, "ok.thtl"), canonical);
  writeFileSync(join(cwd, "broken.thtl"), broken);
});

async function fmt(...args: string[]) {
  const record = recordingIO({ cwd });
  const code = await main(["fmt", ...args], record.io);
  return { code, out: record.out, err: record.err };
}

describe("thtl fmt", () => {
  it("prints the canonical text to stdout by default and with --stdout", async () => {
    expect(await fmt("messy.thtl")).toEqual({ code: 0, out: canonical, err: "" });
    expect(await fmt("--stdout", "messy.thtl", "ok.thtl")).toEqual({ code: 0, out: canonical + canonical, err: "" });
    expect(readFileSync(join(cwd, "messy.thtl"), "utf8")).toBe(messy);
  });

  it("--write rewrites only the files that change and lists them on stderr", async () => {
    const before = statSync(join(cwd, "ok.thtl")).mtimeMs;
    expect(await fmt("--write", "messy.thtl", "ok.thtl")).toEqual({ code: 0, out: "", err: "messy.thtl\n" });
    expect(readFileSync(join(cwd, "messy.thtl"), "utf8")).toBe(canonical);
    expect(statSync(join(cwd, "ok.thtl")).mtimeMs).toBe(before);
    expect(readdirSync(cwd).sort()).toEqual(["broken.thtl", "messy.thtl", "ok.thtl"]);
  });

  it("--check lists the files that are not canonical and exits 1", async () => {
    expect(await fmt("--check", "messy.thtl", "ok.thtl")).toEqual({
      code: 1,
      out: "messy.thtl\n",
      err: "1 file is not in canonical form; run `thtl fmt --write` on it.\n",
    });
    expect(await fmt("--check", "ok.thtl")).toEqual({ code: 0, out: "", err: "" });
    expect(readFileSync(join(cwd, "messy.thtl"), "utf8")).toBe(messy);
  });

  it("leaves a file with syntax errors untouched, prints its diagnostics and exits 1", async () => {
    const result = await fmt("--write", "broken.thtl", "messy.thtl");
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toBe(
      [
        "broken.thtl:1:43: error THTL1010: expected a number but found '}'",
        "1 | schedule s { stage a { train head; epochs }",
        "  |                                           ^",
        "",
        "broken.thtl:1:44: error THTL1011: expected '}' to close schedule 's' but found the end of the file",
        "1 | schedule s { stage a { train head; epochs }",
        "  |                                            ^",
        "",
        "2 errors",
        "messy.thtl",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(cwd, "broken.thtl"), "utf8")).toBe(broken);
    expect(readFileSync(join(cwd, "messy.thtl"), "utf8")).toBe(canonical);
  });

  it("reports a missing file by the name given", async () => {
    expect(await fmt("nope.thtl")).toEqual({
      code: 1,
      out: "",
      err: "nope.thtl:1:1: error THTL5000: cannot read 'nope.thtl': the file does not exist\n\n1 error\n",
    });
  });

  it("expands a folder to the .thtl files inside it", async () => {
    mkdirSync(join(cwd, "sub/deeper"), { recursive: true });
    writeFileSync(join(cwd, "sub/deeper/x.thtl"), messy);
    writeFileSync(join(cwd, "sub/notes.txt"), "not thtl");
    expect(await fmt("--check", "sub")).toMatchObject({ code: 1, out: "sub/deeper/x.thtl\n" });
  });

  it("rejects conflicting modes and a missing file list as usage errors", async () => {
    const conflict = await fmt("--write", "--check", "ok.thtl");
    expect(conflict.code).toBe(2);
    expect(conflict.err).toMatch(/^thtl fmt: --write and --check cannot be combined\n\nUsage: thtl fmt/);
    expect((await fmt()).err).toMatch(/^thtl fmt: no files given\n/);
  });
});
