import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { SYNTH_CLASSES } from "../../src/data/synth/kinds.js";
import { readSafetensors } from "../../src/weights/safetensors.js";
import { torchvisionReference } from "../models/torchvision-reference.js";
import { tempDirs } from "./helpers.js";

const newDir = tempDirs("thtl-predict-");
let dir: string;

async function thtl(...args: string[]) {
  const record = recordingIO({ cwd: dir });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
}

const png = (pixels: Uint8Array, height: number, width: number) =>
  sharp(Buffer.from(pixels), { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();

beforeAll(async () => {
  dir = newDir();
  // torchvision's ResNet18 (batch-norm statistics perturbed) and its logits for two 33x37 images.
  torchvisionReference(dir, { resnet18: ["33x37"] });
  mkdirSync(join(dir, "imported"));
  copyFileSync(join(dir, "resnet18.safetensors"), join(dir, "imported/weights.safetensors"));
  const classes = Array.from({ length: 1000 }, (_, i) => `c${i}`);
  const metadata = {
    arch: "resnet18",
    variant: "torchvision",
    width: 1,
    classes,
    input: { height: 224, width: 224, channels: 3 },
    normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], source: "imagenet" },
    evalTransform: { resize: 40, crop: 32 },
  };
  writeFileSync(join(dir, "imported/thtl-weights.json"), JSON.stringify(metadata));
  const io = new Map(readSafetensors(join(dir, "resnet18-io.safetensors")).map((t) => [t.name, t]));
  const pixels = Uint8Array.from(io.get("pixels_33x37")!.values);
  const per = 33 * 37 * 3;
  for (const i of [0, 1])
    writeFileSync(join(dir, `img${i}.png`), await png(pixels.subarray(i * per, (i + 1) * per), 33, 37));
  writeFileSync(join(dir, "expected.json"), JSON.stringify(Array.from(io.get("logits_33x37")!.values)));
  writeFileSync(join(dir, "wide.png"), await png(new Uint8Array(60 * 90 * 3).fill(90), 60, 90));
}, 300_000);

describe("thtl predict", () => {
  it("--native feeds each image as it is: an imported torchvision model gives PyTorch's logits", async () => {
    const { code, out, err } = await thtl(
      "predict",
      "imported",
      "img0.png",
      "img1.png",
      "--native",
      "--json",
      "--top",
      "3",
      "--backend",
      "cpu",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.file, l.height, l.width])).toEqual([
      ["img0.png", 33, 37],
      ["img1.png", 33, 37],
    ]);
    const expected = JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as number[];
    const scale = Math.max(...expected.map(Math.abs));
    lines.forEach((line, i) => {
      const reference = expected.slice(i * 1000, (i + 1) * 1000);
      expect(Math.max(...line.logits.map((v: number, j: number) => Math.abs(v - reference[j]!))) / scale).toBeLessThan(
        1e-4,
      );
      expect(line.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
      const best = reference.indexOf(Math.max(...reference));
      expect(line.top[0]).toMatchObject({ class: `c${best}`, index: best });
      expect(line.top).toHaveLength(3);
    });
  });

  it("a folder written by `thtl weights import` predicts as PyTorch does, with ImageNet's class names", async () => {
    expect(
      (await thtl("weights", "import", "resnet18.safetensors", "--arch", "resnet18", "--out", "via-import")).code,
    ).toBe(0);
    const { code, out, err } = await thtl(
      "predict",
      "via-import",
      "img0.png",
      "--native",
      "--json",
      "--backend",
      "cpu",
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const line = JSON.parse(out);
    const reference = (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as number[]).slice(0, 1000);
    const scale = Math.max(...reference.map(Math.abs));
    expect(Math.max(...line.logits.map((v: number, j: number) => Math.abs(v - reference[j]!))) / scale).toBeLessThan(
      1e-4,
    );
    const best = reference.indexOf(Math.max(...reference));
    const classes = JSON.parse(readFileSync(join(dir, "via-import/thtl-weights.json"), "utf8")).classes as string[];
    expect(line.top[0]).toMatchObject({ class: classes[best], index: best });
  });

  it("uses the evaluation transform recorded at import, or --size; prints the top classes", async () => {
    const evaluated = await thtl("predict", "imported", "wide.png", "--top", "2", "--backend", "cpu");
    expect(evaluated.code).toBe(0);
    const lines = evaluated.out.split("\n");
    expect(lines[0]).toBe("wide.png (32x32)");
    expect(lines[1]).toMatch(/^ {2}c\d+ +0\.\d{4}$/);
    expect(lines).toHaveLength(4);
    const sized = await thtl("predict", "imported", "wide.png", "--size", "20x24", "--json", "--backend", "cpu");
    expect(JSON.parse(sized.out)).toMatchObject({ file: "wide.png", height: 20, width: 24 });
  });

  it("a run's model reads its plan's input size, with the last hop's classes; its folder records what it is", async () => {
    writeFileSync(
      join(dir, "tiny.thtl"),
      `version 1
model tiny { arch resnet18; width 0.125 }
domain shapes { data synth natural 24  split 50/25/25 seed 1  image 16x16 }
experiment e { models tiny  chain scratch -> shapes with { stage all { train all; epochs 1; batch 8 } } }
`,
    );
    expect((await thtl("run", "tiny.thtl", "--backend", "cpu")).code).toBe(0);
    const { code, out } = await thtl(
      "predict",
      "runs/e/tiny/seed1",
      "wide.png",
      "--json",
      "--top",
      "6",
      "--backend",
      "cpu",
    );
    expect(code).toBe(0);
    const line = JSON.parse(out);
    expect(line).toMatchObject({ file: "wide.png", height: 16, width: 16 });
    expect(line.top.map((t: { class: string }) => t.class).sort()).toEqual([...SYNTH_CLASSES.natural].sort());
    const metadata = JSON.parse(readFileSync(join(dir, "runs/e/tiny/seed1/model/thtl-weights.json"), "utf8"));
    expect(metadata).toEqual({
      arch: "resnet18",
      variant: "torchvision",
      width: 0.125,
      classes: [...SYNTH_CLASSES.natural],
      input: { height: 16, width: 16, channels: 3 },
      normalization: { mean: [0, 0, 0], std: [1, 1, 1], source: "none" },
    });
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const schema = JSON.parse(
      readFileSync(new URL("../../schema/weights-metadata.schema.json", import.meta.url), "utf8"),
    );
    const validate = new Ajv2020({ strict: true }).compile(schema);
    expect(validate(metadata), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(readFileSync(join(dir, "imported/thtl-weights.json"), "utf8")))).toBe(true);
    // The same run's model folder predicts the same.
    const fromModel = await thtl(
      "predict",
      "runs/e/tiny/seed1/model",
      "wide.png",
      "--json",
      "--top",
      "6",
      "--backend",
      "cpu",
    );
    expect(JSON.parse(fromModel.out).logits).toEqual(line.logits);
  });

  it("says what is wrong with a folder that holds no model, or contradicting options", async () => {
    const none = await thtl("predict", ".", "wide.png", "--backend", "cpu");
    expect(none.code).toBe(1);
    expect(none.err).toBe(
      `thtl predict: '${dir}' is neither a run folder (with plan.json and model/) nor a model folder (with thtl-weights.json)\n`,
    );
    const both = await thtl("predict", "imported", "wide.png", "--size", "32", "--native");
    expect(both.code).toBe(2);
    expect(both.err).toContain("thtl predict: --size and --native contradict each other: give one");
  });
});
