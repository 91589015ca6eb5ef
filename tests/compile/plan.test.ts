import { describe, expect, test } from "vitest";
import { getArchitecture } from "../../src/models/catalogue.js";
import { specExamples } from "../language/corpus.js";
import { compileFiles, planOf } from "./helpers.js";

const spec = specExamples()[0]!.text;

describe("the spec's complete example", () => {
  const plan = planOf(spec);

  test("expands every experiment to models x seeds runs named EXPERIMENT/MODEL/seedN", () => {
    expect(plan.runs.map((run) => run.id)).toEqual([
      ...["one_step", "thtl_last_layer", "thtl_swft"].flatMap((e) =>
        ["resnet18", "resnet50"].flatMap((m) => [1, 2, 3].map((s) => `${e}/${m}/seed${s}`)),
      ),
      "from_scratch/resnet18/seed1",
    ]);
  });

  test("resolves the init, with {model} substituted, and the input size", () => {
    const run = plan.runs.find((r) => r.id === "thtl_swft/resnet50/seed2")!;
    expect(run.init).toEqual({ kind: "weights", domain: "imagenet", path: "weights/resnet50-imagenet" });
    expect(run.input).toEqual({ height: 64, width: 64, channels: 3 });
    expect(plan.runs.find((r) => r.id === "from_scratch/resnet18/seed1")!.init).toEqual({ kind: "scratch" });
  });

  test("records hops with their data, classes, split, augmentation and a new head", () => {
    const [fundus, larynx] = plan.runs.find((r) => r.id === "thtl_swft/resnet18/seed1")!.hops;
    expect(fundus).toMatchObject({
      domain: "fundus",
      data: { kind: "imagefolder", path: "data/fundus" },
      classes: ["no_dr", "mild", "moderate", "severe", "proliferative"],
      positive: null,
      head: "new",
      split: { train: 80, val: 20, test: 0, seed: 7 },
      augment: [{ kind: "hflip" }, { kind: "rotate", degrees: 15 }],
      normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], source: "imagenet" },
    });
    expect(larynx).toMatchObject({
      domain: "larynx",
      classes: ["benign", "malignant"],
      positive: "malignant",
      head: "new",
      split: { train: 70, val: 15, test: 15, seed: 7 },
    });
  });

  test("applies SWFT's unfreezing cumulatively, with settings from defaults and the stage", () => {
    const stages = plan.runs.find((r) => r.id === "thtl_swft/resnet18/seed1")!.hops[1]!.stages;
    expect(stages.map((s) => [s.name, s.trainable.join(" "), s.frozen.join(" "), s.lr, s.epochs, s.batch])).toEqual([
      ["head", "head", "stem layer1 layer2 layer3 layer4", 1e-3, 5, 32],
      ["layer4", "layer4 head", "stem layer1 layer2 layer3", 1e-4, 5, 32],
      ["layer3", "layer3 layer4 head", "stem layer1 layer2", 1e-4, 5, 32],
      ["layer2", "layer2 layer3 layer4 head", "stem layer1", 1e-4, 5, 32],
      ["layer1", "stem layer1 layer2 layer3 layer4 head", "", 1e-4, 5, 32],
    ]);
    expect(stages[0]).toMatchObject({
      optimizer: { name: "adam" },
      lrDecay: { kind: "constant" },
      weightDecay: 0,
      batchnorm: "train",
      earlyStop: null,
      keep: "last",
      partial: [],
      groupLr: [],
    });
  });

  test("counts parameters with the hop's classes: resnet18 with a 2-class head", () => {
    const stages = plan.runs.find((r) => r.id === "thtl_swft/resnet18/seed1")!.hops[1]!.stages;
    // 11,689,512 with 1000 classes, less the 513,000 of that head, plus 512 * 2 + 2.
    expect(stages.map((s) => [s.trainableParams, s.totalParams])[0]).toEqual([1026, 11_177_538]);
    expect(stages[4]!.trainableParams).toBe(11_177_538);
  });

  test("marks the frozen prefix cacheable only without augmentation", () => {
    const [fundus, larynx] = plan.runs.find((r) => r.id === "thtl_swft/resnet18/seed1")!.hops;
    expect(larynx!.stages[1]!.frozenPrefix).toEqual({
      groups: ["stem", "layer1", "layer2", "layer3"],
      cacheable: true,
      reason: "The frozen groups see the same images every epoch and run batch norm in inference mode.",
    });
    expect(larynx!.stages[4]!.frozenPrefix).toEqual({
      groups: [],
      cacheable: false,
      reason: "No group at the input end is frozen in this stage.",
    });
    expect(fundus!.stages[0]!.frozenPrefix.cacheable).toBe(false);
  });
});

describe("heads", () => {
  const domains =
    "domain a { data synth larynx 10 }\ndomain b { data synth larynx 20 }\ndomain c { data synth natural 10 }";
  const schedule = "schedule s { stage x { train all; epochs 1 } }";

  test("a hop keeps the classifier when the previous hop's classes are identical", () => {
    const plan = planOf(
      `${domains}\n${schedule}\nexperiment e { models resnet18; chain scratch -> a with s -> b with s -> c with s }`,
    );
    expect(plan.runs[0]!.hops.map((hop) => hop.head)).toEqual(["new", "kept", "new"]);
  });

  test("the first hop keeps the pretrained classifier when the weights domain has the same classes", () => {
    const plan = planOf(
      `${domains}\n${schedule}\ndomain w { weights "w/{model}"; classes benign, malignant }\nexperiment e { models resnet18; chain w -> a with s }`,
    );
    expect(plan.runs[0]!.hops[0]!.head).toBe("kept");
    expect(plan.runs[0]!.hops[0]!.normalization.source).toBe("imagenet");
  });
});

describe("settings and selectors", () => {
  const base =
    "domain d { data synth larynx 10; image 32x32 grayscale }\nexperiment e { models m; seeds 4; chain scratch -> d with s }\nmodel m { arch resnet18; width 0.5; dropout 0.2 }";

  test("precedence is stage, then defaults, then built-in", () => {
    const plan = planOf(
      `${base}\nschedule s {\n  defaults { epochs 2; optimizer sgd momentum 0.9; lr 0.01 cosine; weight_decay 1e-4 }\n  stage a { train head; lr 0.1 step 2 0.5; keep best; batchnorm frozen; early_stop val_f1 patience 3 }\n  stage b { unfreeze all; batch 8 }\n}`,
    );
    const [a, b] = plan.runs[0]!.hops[0]!.stages;
    expect(a).toMatchObject({
      epochs: 2,
      batch: 32,
      optimizer: { name: "sgd", momentum: 0.9 },
      lr: 0.1,
      lrDecay: { kind: "step", every: 2, factor: 0.5 },
      weightDecay: 1e-4,
      keep: "best",
      batchnorm: "frozen",
      earlyStop: { metric: "val_f1", patience: 3 },
    });
    expect(b).toMatchObject({
      epochs: 2,
      batch: 8,
      lr: 0.01,
      lrDecay: { kind: "cosine" },
      keep: "last",
      batchnorm: "train",
      earlyStop: null,
    });
  });

  test("ranges, last N, globs (partial groups) and per-group learning rates", () => {
    const plan = planOf(
      `${base}\nschedule s {\n  stage a { train layer2..layer3; epochs 1 }\n  stage b { train last 2, "layer1.1.**"; lr layer4 1e-4; lr "layer1.*.conv1" 1e-5; epochs 1 }\n}`,
    );
    const run = plan.runs[0]!;
    expect(run).toMatchObject({
      id: "e/m/seed4",
      model: "m",
      architecture: { arch: "resnet18", width: 0.5, dropout: 0.2 },
      input: { height: 32, width: 32, channels: 1 },
    });
    expect(run.hops[0]!.normalization).toEqual({ mean: [0], std: [1], source: "none" });
    const [a, b] = run.hops[0]!.stages;
    expect(a!.trainable).toEqual(["layer2", "layer3"]);
    expect(b!.trainable).toEqual(["layer3", "layer4"]);
    expect(b!.partial).toEqual([
      {
        group: "layer1",
        layers: [
          "layer1.1.conv1",
          "layer1.1.bn1",
          "layer1.1.relu1",
          "layer1.1.conv2",
          "layer1.1.bn2",
          "layer1.1.add",
          "layer1.1.relu",
        ],
      },
    ]);
    const summary = getArchitecture("resnet18")!.describe({
      width: 0.5,
      input: { height: 32, width: 32, channels: 1 },
      classes: 2,
      dropout: 0.2,
    });
    const group = (name: string) => summary.groups.find((g) => g.name === name)!;
    const block = group("layer1")
      .layers.filter((layer) => layer.path.startsWith("layer1.1."))
      .reduce((sum, layer) => sum + layer.params, 0);
    expect(b!.trainableParams).toBe(group("layer3").params + group("layer4").params + block);
    expect(b!.totalParams).toBe(summary.totalParams);
    expect(b!.frozen).toEqual(["stem", "layer2", "head"]);
    expect(b!.groupLr).toEqual([
      { selector: "layer4", groups: ["layer4"], layers: [], lr: 1e-4 },
      { selector: '"layer1.*.conv1"', groups: [], layers: ["layer1.0.conv1", "layer1.1.conv1"], lr: 1e-5 },
    ]);
  });
});

test("errors give no plan", () => {
  const result = compileFiles(
    "domain d { data synth larynx 10 }\nexperiment e { models resnet18; chain scratch -> d with nope }",
  );
  expect(result.plan).toBeNull();
  expect(result.diagnostics.map((d) => d.code)).toEqual(["THTL2004"]);
});
