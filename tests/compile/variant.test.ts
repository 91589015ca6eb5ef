import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { compileFile } from "../../src/compile/index.js";
import type { PlanRun } from "../../src/plan/types.js";
import { tempDirs } from "../runtime/helpers.js";

const newDir = tempDirs("thtl-variant-");

const source = (model: string, start: string) => `version 1
domain imagenet { weights "weights/{model}-imagenet" }
domain larynx { data synth larynx 40  image 80x80 }
experiment e {
  models ${model}
  chain ${start} -> larynx with s
}
schedule s { stage head { train head  epochs 1 } }
`;

/** Compiles in a folder holding `files` (path -> content), as `thtl compile` does. */
function runOf(model: string, start: string, files: Record<string, string> = {}): PlanRun {
  const dir = newDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "main.thtl"), source(model, start));
  const { plan, diagnostics } = compileFile("main.thtl", { cwd: dir });
  if (!plan) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return plan.runs[0]!;
}

test("without word from the weights, a run gets its architecture's default variant and that framework's preprocessing", () => {
  const run = runOf("resnet50", "imagenet");
  expect(run.architecture).toMatchObject({ arch: "resnet50", variant: "keras" });
  expect(run.hops[0]!.normalization).toEqual({
    mean: [123.68 / 255, 116.779 / 255, 103.939 / 255],
    std: [1 / 255, 1 / 255, 1 / 255],
    source: "caffe",
    order: "bgr",
  });
  expect(runOf("mobilenet_v2", "imagenet").hops[0]!.normalization).toEqual({
    mean: [0.5, 0.5, 0.5],
    std: [0.5, 0.5, 0.5],
    source: "tf",
  });
  expect(runOf("resnet18", "imagenet").architecture.variant).toBe("torchvision");
});

test("torchvision files and weights folders that record a variant set it", () => {
  const fromFile = runOf("resnet50", "imagenet", { "weights/resnet50-imagenet.safetensors": "" });
  expect(fromFile.architecture.variant).toBe("torchvision");
  expect(fromFile.hops[0]!.normalization).toEqual({
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    source: "imagenet",
  });
  const folder = { "weights/inception_v3-imagenet/thtl-weights.json": JSON.stringify({ variant: "torchvision" }) };
  const inception = runOf("inception_v3", "imagenet", folder);
  expect(inception.architecture.variant).toBe("torchvision");
  // torchvision's ImageNet normalisation followed by its transform_input: [-1, 1].
  expect(inception.hops[0]!.normalization).toMatchObject({ mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], source: "tf" });
});

test("from scratch, pixels stay in [0, 1] whatever the variant", () => {
  const run = runOf("resnet50", "scratch");
  expect(run.architecture.variant).toBe("keras");
  expect(run.hops[0]!.normalization).toEqual({ mean: [0, 0, 0], std: [1, 1, 1], source: "none" });
});

test("`arch ARCH VARIANT` picks the framework's build, over the weights' and the default", () => {
  const files = { "weights/tv-imagenet.safetensors": "" };
  const text = (variant: string) =>
    source("tv", "imagenet").replace("version 1\n", `version 1\nmodel tv { arch resnet50 ${variant} }\n`);
  const dir = newDir();
  mkdirSync(join(dir, "weights"));
  writeFileSync(join(dir, "weights/tv-imagenet.safetensors"), files["weights/tv-imagenet.safetensors"]);
  for (const [variant, source] of [
    ["keras", "caffe"],
    ["torchvision", "imagenet"],
  ] as const) {
    writeFileSync(join(dir, "main.thtl"), text(variant));
    const run = compileFile("main.thtl", { cwd: dir }).plan!.runs[0]!;
    expect(run.architecture.variant).toBe(variant);
    expect(run.hops[0]!.normalization.source).toBe(source);
  }
});
