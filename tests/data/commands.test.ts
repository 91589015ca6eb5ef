import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { GENERATOR_VERSION } from "../../src/data/synth/render.js";
import { tempDir, writeImage, writeText } from "./fixtures.js";

async function thtl(cwd: string, ...args: string[]) {
  const recorded = recordingIO({ cwd });
  const code = await main(args, recorded.io);
  return { code, out: recorded.out, err: recorded.err };
}

describe("thtl synth", () => {
  it("writes an image folder and says what it wrote", async () => {
    const dir = tempDir();
    const result = await thtl(dir, "synth", "larynx", "--out", "lar", "--n", "5", "--size", "16", "--balance", "0.6,0.4");
    expect(result.code).toBe(0);
    expect(result.out).toBe("wrote 5 larynx images of 16x16 (seed 1) to lar\n  benign              3\n  malignant           2\n");
    expect(result.err).toMatch(/^\d+ images\/s\n$/);
    expect(readdirSync(join(dir, "lar", "benign")).length).toBe(3);
  });

  it("refuses a non-empty folder unless --force, which replaces only the class folders", async () => {
    const dir = tempDir();
    writeText(join(dir, "out", "notes.txt"), "keep me");
    writeText(join(dir, "out", "benign", "benign-00009.png"), "stale");
    const refused = await thtl(dir, "synth", "larynx", "--out", "out", "--n", "2", "--size", "8");
    expect(refused.code).toBe(2);
    expect(refused.err).toBe("thtl synth: 'out' is not empty: choose an empty folder, or pass --force to replace its benign, malignant sub-folders\n");
    const forced = await thtl(dir, "synth", "larynx", "--out", "out", "--n", "2", "--size", "8", "--force");
    expect(forced.code).toBe(0);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["benign", "malignant", "notes.txt"]);
    expect(readdirSync(join(dir, "out", "benign"))).toEqual(["benign-00000.png"]);
  });

  it("rejects bad arguments with the usage", async () => {
    const dir = tempDir();
    const cases: [string[], string][] = [
      [["synth", "retina", "--out", "x", "--n", "3"], "unknown kind 'retina': use natural, fundus or larynx"],
      [["synth", "fundus", "--n", "3"], "--out DIR is required"],
      [["synth", "fundus", "--out", "x", "--n", "0"], "--n must be a whole number of at least 1, got '0'"],
      [["synth", "fundus", "--out", "x", "--n", "3", "--size", "64x"], "--size must be HxW in pixels (1 to 4096), such as 64x64, got '64x'"],
      [["synth", "larynx", "--out", "x", "--n", "3", "--balance", "1,2,3"], "--balance needs 2 non-negative numbers, one per class (benign, malignant), got '1,2,3'"],
    ];
    for (const [args, message] of cases) {
      const result = await thtl(dir, ...args);
      expect(result.code).toBe(2);
      expect(result.err.split("\n")[0]).toBe(`thtl synth: ${message}`);
    }
  });
});

describe("thtl data inspect", () => {
  it("prints classes, files, split and image size of a folder", async () => {
    const dir = tempDir();
    for (let i = 0; i < 4; i++) await writeImage(join(dir, "data", "cats", `${i}.png`), { size: 20 });
    for (let i = 0; i < 6; i++) await writeImage(join(dir, "data", "dogs", `${i}.jpg`), { format: "jpeg", size: 12 });
    const result = await thtl(dir, "data", "inspect", "data", "--split", "50/50", "--image", "8x8", "--grayscale");
    expect(result).toEqual({
      code: 0,
      err: "",
      out: [
        "domain data: imagefolder data",
        "  classes (2), usable images:",
        "    cats        4",
        "    dogs        6",
        "    total      10",
        "  files:",
        "    jpeg 12x12              6",
        "    png 20x20               4",
        "  split 50/50 seed 1: train 5, val 5, test 0",
        "  decoded to 8x8 grayscale",
        "  problems: 0",
        "",
      ].join("\n"),
    });
  });

  it("lists every problem on stderr and exits 1", async () => {
    const dir = tempDir();
    await writeImage(join(dir, "data", "a", "1.png"));
    writeText(join(dir, "data", "a", "2.png"), "garbage");
    mkdirSync(join(dir, "data", "b"));
    const result = await thtl(dir, "data", "inspect", "data");
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      [
        "error THTL3001: class folder 'data/b' has no images: add images of class 'b' or remove the folder",
        "error THTL3000: 'data/a/2.png' is not a readable image (its content is not PNG, JPEG, WebP or TIFF): replace or delete it, or pass --skip-bad-images to leave it out",
        "2 problems: fix them (or pass --skip-bad-images where allowed) before training",
        "",
      ].join("\n"),
    );
    const skipping = await thtl(dir, "data", "inspect", "data", "--skip-bad-images");
    expect(skipping.code).toBe(1);
    expect(skipping.err.split("\n")[0]).toBe(
      "warning THTL3000: skipped: 'data/a/2.png' is not a readable image (its content is not PNG, JPEG, WebP or TIFF): replace or delete it, or pass --skip-bad-images to leave it out",
    );
    expect(skipping.out).toContain("  problems: 1, skipped: 1\n");
  });

  it("inspects a CSV file", async () => {
    const dir = tempDir();
    await writeImage(join(dir, "img", "x.png"));
    await writeImage(join(dir, "img", "y.png"));
    writeFileSync(join(dir, "labels.csv"), "path,label\nimg/x.png,yes\nimg/y.png,no\n");
    const result = await thtl(dir, "data", "inspect", "labels.csv", "--classes", "yes,no", "--split", "50/50");
    expect(result.code).toBe(0);
    expect(result.out.split("\n").slice(0, 5)).toEqual(["domain labels.csv: csv labels.csv root .", "  classes (2), usable images:", "    yes         1", "    no          1", "    total       2"]);
  });

  it("inspects every data domain of a .thtl file with its own classes, split and size", async () => {
    const dir = tempDir();
    writeText(
      join(dir, "s.thtl"),
      [
        "version 1",
        "domain lar {",
        "  data synth larynx 10",
        "  split 60/20/20 seed 3",
        "  image 16x16",
        "}",
        "schedule s { stage head { train head; epochs 1; lr 1e-3 } }",
        "experiment e { models resnet18; chain scratch -> lar with s }",
        "",
      ].join("\n"),
    );
    const result = await thtl(dir, "data", "inspect", "s.thtl", "--cache", "cache");
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        "domain lar: synth larynx 10",
        "  classes (2), usable images:",
        "    benign          5",
        "    malignant       5",
        "    total          10",
        "  files:",
        "    png 16x16              10",
        "  split 60/20/20 seed 3: train 6, val 2, test 2",
        "  decoded to 16x16 rgb",
        "  problems: 0",
        "",
      ].join("\n"),
    );
    expect(readFileSync(join(dir, "cache", `synth-v${GENERATOR_VERSION}`, "larynx-n10-seed3-16x16", ".complete"), "utf8")).toContain('"kind":"larynx"');
  });

  it("rejects a missing action or PATH", async () => {
    const dir = tempDir();
    expect((await thtl(dir, "data", "check", "x")).err.split("\n")[0]).toBe("thtl data: unknown action 'check': the only action is 'inspect'");
    expect((await thtl(dir, "data", "inspect")).err.split("\n")[0]).toBe("thtl data: expected exactly one PATH: an image folder, a CSV file or a .thtl file");
  });
});

describe("thtl data inspect on a .thtl file with errors", () => {
  it("prints the compiler's diagnostics and exits 1 without inspecting anything", async () => {
    const dir = tempDir();
    writeText(join(dir, "bad.thtl"), "version 1\ndomain lar { data synth larynx 10; split 60/30 }\n");
    const result = await thtl(dir, "data", "inspect", "bad.thtl");
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err.split("\n")[0]).toBe("bad.thtl:2:42: error THTL2023: split 60/30 sums to 90, not 100");
  });
});
