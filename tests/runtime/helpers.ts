import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SymbolicTensor } from "@tensorflow/tfjs-layers";
import { afterAll } from "vitest";
import type { Layer } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import { Random } from "../../src/data/random.js";
import type { Plan, PlanHop, PlanRun, PlanStage } from "../../src/plan/types.js";
import type { BatchRequest, DataBatch, HopData, SplitName } from "../../src/runtime/data-source.js";
import type { RunEvent } from "../../src/runtime/events.js";
import type { ExecuteOptions } from "../../src/runtime/execute.js";
import type { BuiltModel, ModelFactory } from "../../src/runtime/model-kit.js";
import { batchNormClass } from "../../src/runtime/models/batchnorm.js";
import { loadTf, type TfNamespace } from "../../src/runtime/tf.js";

/** The cpu backend, loaded once per test file. */
/** Makes temporary folders named `PREFIX...`, all removed after the calling test file. */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Whether a native tfjs package is installed (it cannot be on machines that cannot download libtensorflow). */
export const nativeInstalled = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"].some((pkg) => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
});

export async function cpuTf(): Promise<TfNamespace> {
  const tf = await loadTf();
  await tf.setBackend("cpu");
  return tf;
}

export const SIZE = 8;

/**
 * A tiny conv net with the catalogue's conventions: Keras-style names, torchvision-style paths,
 * groups `stem`, `layer1`, `head`, the runtime's batch norm, logits out. Learnable parameters:
 * stem 3*3*3*4+4 + 8 = 120, layer1 3*3*4*4+4 + 8 = 156, head 4*C+C.
 */
export function tinyFactory(tf: TfNamespace, options: { dropout?: number } = {}): ModelFactory {
  return async (_run, classes, seed) => {
    const BatchNorm = batchNormClass(tf);
    const init = (name: string) => tf.initializers.glorotUniform({ seed: seed * 31 + name.length });
    const spec: { layer: Layer; group: string; path: string }[] = [
      {
        layer: tf.layers.conv2d({
          name: "conv1_conv",
          filters: 4,
          kernelSize: 3,
          padding: "same",
          kernelInitializer: init("conv1"),
        }),
        group: "stem",
        path: "stem.conv1",
      },
      { layer: new BatchNorm({ name: "conv1_bn", momentum: 0.9 }), group: "stem", path: "stem.bn1" },
      { layer: tf.layers.activation({ name: "conv1_relu", activation: "relu" }), group: "stem", path: "stem.relu" },
      {
        layer: tf.layers.conv2d({
          name: "l1_conv",
          filters: 4,
          kernelSize: 3,
          padding: "same",
          kernelInitializer: init("l1"),
        }),
        group: "layer1",
        path: "layer1.0.conv1",
      },
      { layer: new BatchNorm({ name: "l1_bn", momentum: 0.9 }), group: "layer1", path: "layer1.0.bn1" },
      { layer: tf.layers.activation({ name: "l1_relu", activation: "relu" }), group: "layer1", path: "layer1.0.relu" },
      { layer: tf.layers.globalAveragePooling2d({ name: "avg_pool" }), group: "layer1", path: "layer1.avgpool" },
      ...(options.dropout
        ? [
            {
              layer: tf.layers.dropout({ name: "top_dropout", rate: options.dropout }),
              group: "head",
              path: "head.dropout",
            },
          ]
        : []),
      {
        layer: tf.layers.dense({ name: "predictions", units: classes, kernelInitializer: init("predictions") }),
        group: "head",
        path: "head.fc",
      },
    ];
    const input = tf.input({ shape: [SIZE, SIZE, 3] });
    const chain = (from: SymbolicTensor, layers: typeof spec) =>
      layers.reduce((x, s) => s.layer.apply(x) as SymbolicTensor, from);
    const model = tf.model({ inputs: input, outputs: chain(input, spec) });
    const built: BuiltModel = {
      model,
      layers: spec.map((s) => ({
        name: s.layer.name,
        group: s.group,
        path: s.path,
        batchNorm: s.layer.getClassName() === "BatchNormalization",
      })),
      split(groups) {
        const cut = spec.findLastIndex((s) => groups.includes(s.group)) + 1;
        const boundary = chain(input, spec.slice(0, cut));
        const featureInput = tf.input({ shape: boundary.shape.slice(1) as number[] });
        return {
          prefix: tf.model({ inputs: input, outputs: boundary }),
          suffix: tf.model({ inputs: featureInput, outputs: chain(featureInput, spec.slice(cut)) }),
        };
      },
    };
    return built;
  };
}

/** Learnable parameters of the tiny net's groups for `classes` classes. */
export function tinyParams(classes: number) {
  return { stem: 120, layer1: 156, head: 4 * classes + classes };
}

/**
 * In-memory images: class k brightens channel k % 3 in one quadrant, plus seeded noise, so the
 * tiny net learns something within a few epochs.
 */
export function memoryData(
  domain: string,
  classes: string[],
  counts: { train: number; val: number; test: number },
  seed = 5,
  size = SIZE,
): HopData {
  const pixel = size * size * 3;
  const make = (split: SplitName, n: number) => {
    const rng = new Random(seed, split.length, n);
    return Array.from({ length: n }, (_, i) => {
      const label = i % classes.length;
      const image = new Float32Array(pixel);
      for (let p = 0; p < pixel; p++) image[p] = rng.gauss() * 0.3;
      for (let y = 0; y < size / 2; y++)
        for (let x = 0; x < size / 2; x++) image[((y + (label & 1) * (size / 2)) * size + x) * 3 + (label % 3)] += 1.5;
      return { file: `/mem/${domain}/${split}/${i}.png`, label, image };
    });
  };
  const splits = { train: make("train", counts.train), val: make("val", counts.val), test: make("test", counts.test) };
  const order = (split: SplitName, request: BatchRequest) => {
    const positions = Array.from(splits[split], (_, i) => i);
    if (request.shuffle) new Random(seed, request.epoch).shuffle(positions);
    return Int32Array.from(positions);
  };
  return {
    domain,
    classes,
    image: { height: size, width: size, channels: 3 },
    files: {
      train: splits.train.map(({ file, label }) => ({ file, label })),
      val: splits.val.map(({ file, label }) => ({ file, label })),
      test: splits.test.map(({ file, label }) => ({ file, label })),
    },
    order,
    fingerprint: (split) => {
      const hash = createHash("sha256");
      for (const { image, label } of splits[split]) hash.update(new Uint8Array(image.buffer)).update(`${label}`);
      return hash.digest("hex");
    },
    async *batches(split, request): AsyncIterable<DataBatch> {
      const positions = order(split, request);
      for (let start = 0; start < positions.length; start += request.batchSize) {
        const indices = positions.subarray(start, start + request.batchSize);
        const images = new Float32Array(indices.length * pixel);
        indices.forEach((p, i) => images.set(splits[split][p]!.image, i * pixel));
        yield {
          images,
          labels: Int32Array.from(indices, (p) => splits[split][p]!.label),
          indices,
          size: indices.length,
        };
      }
    },
  };
}

type StageOptions = Partial<PlanStage> & Pick<PlanStage, "name" | "trainable" | "trainableParams">;

export function stage(options: StageOptions): PlanStage {
  const groups = ["stem", "layer1", "head"];
  const frozen = groups.filter((g) => !options.trainable.includes(g));
  const prefixEnd = groups.findIndex((g) => !frozen.includes(g));
  return {
    frozen,
    partial: [],
    totalParams: 0,
    epochs: 2,
    batch: 8,
    optimizer: { name: "adam" },
    lr: 0.01,
    lrDecay: { kind: "constant" },
    groupLr: [],
    weightDecay: 0,
    batchnorm: "train",
    earlyStop: null,
    keep: "last",
    frozenPrefix: { groups: groups.slice(0, prefixEnd), cacheable: false, reason: "" },
    hash: `hash-${options.name}-${JSON.stringify(options)}`,
    ...options,
  };
}

export function hop(domain: string, classes: string[], stages: PlanStage[], head: "new" | "kept" = "new"): PlanHop {
  return {
    domain,
    data: { kind: "synth", synth: "natural", count: 0 },
    classes,
    positive: null,
    head,
    split: { train: 60, val: 20, test: 20, seed: 1 },
    augment: [],
    normalization: { mean: [0, 0, 0], std: [1, 1, 1], source: "none" },
    stages,
  };
}

export function run(id: string, hops: PlanHop[], seed = 1, init: PlanRun["init"] = { kind: "scratch" }): PlanRun {
  return {
    id,
    experiment: id.split("/")[0]!,
    model: "tiny",
    architecture: { arch: "tiny", variant: "torchvision", width: 1, dropout: 0, groups: ["stem", "layer1", "head"] },
    seed,
    init,
    input: { height: SIZE, width: SIZE, channels: 3 },
    hops,
  };
}

const A = ["a", "b", "c"];
const B = ["x", "y"];
const chainData: Record<string, HopData> = {
  first: memoryData("first", A, { train: 24, val: 9, test: 9 }),
  second: memoryData("second", B, { train: 16, val: 8, test: 8 }, 9),
};

/** A two-hop chain (3 classes, then 2) with a full stage, then head and deeper stages (`keep best`). */
export function twoHopPlan(seed = 1): Plan {
  const p3 = tinyParams(3);
  const p2 = tinyParams(2);
  const all = {
    name: "all",
    trainable: ["stem", "layer1", "head"],
    trainableParams: p3.stem + p3.layer1 + p3.head,
    epochs: 6,
    lr: 0.03,
  };
  const deeper = {
    name: "deeper",
    trainable: ["layer1", "head"],
    trainableParams: p2.layer1 + p2.head,
    keep: "best" as const,
    earlyStop: { metric: "val_acc" as const, patience: 5 },
  };
  return {
    planVersion: 1,
    compiler: "test",
    sources: [],
    runs: [
      run(
        `exp/tiny/seed${seed}`,
        [
          hop("first", A, [stage(all)]),
          hop("second", B, [stage({ name: "head", trainable: ["head"], trainableParams: p2.head }), stage(deeper)]),
        ],
        seed,
      ),
    ],
  };
}

/** Executor options for `twoHopPlan` on in-memory data with the tiny net. */
export function chainOptions(
  tf: TfNamespace,
  outDir: string,
  events: RunEvent[],
  extra: Partial<ExecuteOptions> = {},
): ExecuteOptions {
  return {
    tf,
    backend: { name: "cpu", package: "@tensorflow/tfjs-backend-cpu", gpu: false, threads: 1, notes: [] },
    planLabel: "test.thtl",
    outDir,
    baseDir: outDir,
    sink: (e) => events.push(e),
    loadData: async (_id, h) => (h === 0 ? chainData.first! : chainData.second!),
    buildModel: tinyFactory(tf),
    resume: false,
    force: false,
    interrupted: () => false,
    resumeCommand: "thtl run test.thtl --resume",
    ...extra,
  };
}
