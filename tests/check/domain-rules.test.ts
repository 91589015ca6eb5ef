import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { checkFile, createHost } from "../../src/check/index.js";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("a domain with both weights and data, or neither", () => {
  expect(diagnose(withLarynx('  weights "w"\n  data synth larynx 10'))).toEqual([
    "main.thtl:3:8: error THTL2020: domain 'larynx' has both `weights` and `data`: a domain is either pretrained weights or a dataset",
  ]);
  expect(diagnose(withLarynx("  image 32x32"))).toEqual(["main.thtl:3:8: error THTL2021: domain 'larynx' has neither `weights` nor `data`"]);
});

test("dataset statements in a weights domain have no effect", () => {
  const source = `${HEAD}\nexperiment e { models resnet18; chain imagenet -> larynx with s }\ndomain larynx { data synth larynx 10 }\ndomain imagenet {\n  weights "w/{model}"\n  augment hflip\n}`;
  expect(diagnose(source)).toEqual(["main.thtl:6:3: warning THTL2031: `augment` has no effect in weights domain 'imagenet'"]);
});

test("positive must be one of the classes", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  positive malignent"))).toEqual([
    "main.thtl:5:12: error THTL2022: positive class 'malignent' is not among the classes of domain 'larynx' (benign, malignant); did you mean 'malignant'?",
  ]);
});

test("split parts must be positive and sum to 100", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  split 70/20 seed 3"))).toEqual(["main.thtl:5:9: error THTL2023: split 70/20 sums to 90, not 100"]);
  expect(diagnose(withLarynx("  data synth larynx 10\n  split 100/0"))).toEqual(["main.thtl:5:9: error THTL2024: every part of split 100/0 must be a positive percentage"]);
});

test("augmentations: unknown, missing value, extra value, out of range", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  augment hflp, rotate, vflip 2, crop 1.5"))).toEqual([
    "main.thtl:5:11: error THTL2025: unknown augmentation 'hflp'; did you mean 'hflip'?",
    "main.thtl:5:17: error THTL2026: `rotate` needs a value: `rotate DEGREES`, e.g. `rotate 15`",
    "main.thtl:5:31: error THTL2027: `vflip` takes no value",
    "main.thtl:5:39: error THTL2042: `crop` must be above 0 and at most 1 (a fraction of the image), not 1.5",
  ]);
});

test("synth kinds and their class counts", () => {
  expect(diagnose(withLarynx("  data synth laryxn 10"))).toEqual(["main.thtl:4:14: error THTL2028: unknown synth kind 'laryxn'; did you mean 'larynx'?"]);
  expect(diagnose(withLarynx("  data synth larynx 10\n  classes a, b, c"))).toEqual([
    "main.thtl:5:3: error THTL2032: domain 'larynx' lists 3 classes, but synth kind 'larynx' generates 2 (benign, malignant)",
  ]);
});

test("a classifier needs two classes; classes are listed once", () => {
  expect(diagnose(withLarynx('  data imagefolder "x"\n  classes benign'))).toEqual(["main.thtl:5:3: error THTL2029: domain 'larynx' has 1 class; a classifier needs at least two"]);
  expect(diagnose(withLarynx('  data imagefolder "x"\n  classes benign, malignant, benign'))).toEqual([
    "main.thtl:5:30: error THTL2010: 'benign' is listed more than once in `classes`",
  ]);
});

test("classes are read from an image folder's sub-folders when omitted, and a missing folder is an error", () => {
  const dir = mkdtempSync(join(tmpdir(), "thtl-classes-"));
  for (const name of ["malignant", "benign", ".hidden"]) mkdirSync(join(dir, "data", name), { recursive: true });
  writeFileSync(join(dir, "main.thtl"), withLarynx('  data imagefolder "data"\n  positive malignant'));
  writeFileSync(join(dir, "bad.thtl"), withLarynx('  data imagefolder "nothing/here"'));
  const host = createHost({ cwd: dir });
  const result = checkFile("main.thtl", host);
  expect(result.diagnostics).toEqual([]);
  expect(result.context!.classesOf(result.context!.symbols.domains.get("larynx")!)).toEqual({ classes: ["benign", "malignant"] });
  expect(checkFile("bad.thtl", host).diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`)).toEqual([
    "4:20 THTL2030 cannot read the classes of domain 'larynx' from 'nothing/here': it does not exist; list them with `classes`",
  ]);
});

test("classes are read from a CSV's label column, sorted", () => {
  const dir = mkdtempSync(join(tmpdir(), "thtl-csv-"));
  writeFileSync(join(dir, "labels.csv"), "path,label\na.png,malignant\nb.png,benign\nc.png,malignant\n");
  writeFileSync(join(dir, "main.thtl"), withLarynx('  data csv "labels.csv"'));
  const result = checkFile("main.thtl", createHost({ cwd: dir }));
  expect(result.diagnostics).toEqual([]);
  expect(result.context!.classesOf(result.context!.symbols.domains.get("larynx")!)).toEqual({ classes: ["benign", "malignant"] });
});
