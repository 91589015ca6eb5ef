import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { checkFile, createHost } from "../../src/check/index.js";
import { EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("classes are read from an image folder's sub-folders when omitted, and a missing folder is an error", () => {
  const dir = mkdtempSync(join(tmpdir(), "thtl-classes-"));
  for (const name of ["malignant", "benign", ".hidden"]) mkdirSync(join(dir, "data", name), { recursive: true });
  writeFileSync(join(dir, "main.thtl"), withLarynx('  data imagefolder "data"\n  positive malignant'));
  writeFileSync(join(dir, "bad.thtl"), withLarynx('  data imagefolder "nothing/here"'));
  const host = createHost({ cwd: dir });
  const result = checkFile("main.thtl", host);
  expect(result.diagnostics).toEqual([]);
  expect(result.context!.classesOf(result.context!.symbols.domains.get("larynx")!)).toEqual({
    classes: ["benign", "malignant"],
  });
  expect(
    checkFile("bad.thtl", host).diagnostics.map(
      (d) => `${d.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity} ${d.code}: ${d.message}`,
    ),
  ).toEqual([
    "bad.thtl:4:20: error THTL2030: cannot read the classes of domain 'larynx' from 'nothing/here': it does not exist; list them with `classes`",
  ]);
});

test("classes are read from a CSV's label column, sorted", () => {
  const dir = mkdtempSync(join(tmpdir(), "thtl-csv-"));
  writeFileSync(join(dir, "labels.csv"), "path,label\na.png,malignant\nb.png,benign\nc.png,malignant\n");
  writeFileSync(join(dir, "main.thtl"), withLarynx('  data csv "labels.csv"'));
  const result = checkFile("main.thtl", createHost({ cwd: dir }));
  expect(result.diagnostics).toEqual([]);
  expect(result.context!.classesOf(result.context!.symbols.domains.get("larynx")!)).toEqual({
    classes: ["benign", "malignant"],
  });
});
