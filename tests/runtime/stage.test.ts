import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan, PlanStage } from "../../src/plan/types.js";
import type { HopData } from "../../src/runtime/data-source.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { executePlan } from "../../src/runtime/execute.js";
import type { BuiltModel, ModelFactory } from "../../src/runtime/model-kit.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { applyTrainable } from "../../src/runtime/model-kit.js";
import { trainableVariables } from "../../src/runtime/trainable-vars.js";
import { cpuTf, hop, memoryData, run, stage, tinyFactory, tinyParams } from "./helpers.js";

let tf: TfNamespace;
const dirs: string[] = [];
beforeAll(async () => {
  tf = await cpuTf();
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CLASSES = ["a", "b", "c"];
const P = tinyParams(3);

/** Runs one hop of the given stages and lets the test look at the model after each stage. */
async function train(
  stages: PlanStage[],
  options: { data?: HopData; factory?: ModelFactory; cacheDir?: string; seed?: number } = {},
) {
  const out = mkdtempSync(join(tmpdir(), "thtl-stage-"));
  dirs.push(out);
  const events: RunEvent[] = [];
  const snapshots: Record<string, Float32Array>[] = [];
  let built: BuiltModel | undefined;
  const factory = options.factory ?? tinyFactory(tf);
  const data = options.data ?? memoryData("d", CLASSES, { train: 24, val: 9, test: 0 });
  const plan: Plan = {
    planVersion: 1,
    compiler: "test",
    sources: [],
    runs: [run("e/tiny/seed1", [hop("d", CLASSES, stages)], options.seed)],
  };
  const read = () =>
    Object.fromEntries(built!.model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync())]));
  const status = await executePlan(plan, {
    tf,
    backend: { name: "cpu", package: "", gpu: false, threads: 1, notes: [] },
    planLabel: "t",
    outDir: out,
    baseDir: out,
    sink: (e) => {
      events.push(e);
      if (e.type === "stage:start") snapshots.push(read());
      if (e.type === "epoch:end") (e as { tensors?: number }).tensors = tf.memory().numTensors;
      if (e.type === "stage:end") snapshots.push(read());
    },
    loadData: async () => data,
    buildModel: async (...args) => (built = await factory(...args)),
    resume: false,
    force: false,
    interrupted: () => false,
    resumeCommand: "",
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
  return { status, events, snapshots };
}

describe("stages", () => {
  it("keeps frozen groups, their batch-norm statistics included, bit-identical", async () => {
    const { snapshots } = await train([stage({ name: "head", trainable: ["head"], trainableParams: P.head })]);
    const [before, after] = snapshots as [Record<string, Float32Array>, Record<string, Float32Array>];
    for (const name of [
      "conv1_bn/moving_mean",
      "conv1_bn/moving_variance",
      "conv1_bn/gamma",
      "l1_bn/moving_mean",
      "l1_conv/kernel",
    ]) {
      expect(after[name], name).toEqual(before[name]);
    }
    expect(after["predictions/kernel"]).not.toEqual(before["predictions/kernel"]);
  });

  it("runs batch norm of trainable groups in inference mode under `batchnorm frozen`", async () => {
    const { snapshots } = await train([
      stage({
        name: "all",
        trainable: ["stem", "layer1", "head"],
        trainableParams: P.stem + P.layer1 + P.head - 16,
        batchnorm: "frozen",
      }),
    ]);
    const [before, after] = snapshots as [Record<string, Float32Array>, Record<string, Float32Array>];
    expect(after["l1_bn/moving_mean"]).toEqual(before["l1_bn/moving_mean"]);
    expect(after["l1_bn/gamma"]).toEqual(before["l1_bn/gamma"]);
    expect(after["l1_conv/kernel"]).not.toEqual(before["l1_conv/kernel"]);
  });

  it("updates batch-norm statistics of trainable groups under `batchnorm train`", async () => {
    const { snapshots } = await train([
      stage({ name: "all", trainable: ["stem", "layer1", "head"], trainableParams: P.stem + P.layer1 + P.head }),
    ]);
    expect(snapshots[1]!["l1_bn/moving_mean"]).not.toEqual(snapshots[0]!["l1_bn/moving_mean"]);
  });

  it("does not grow the number of live tensors from epoch to epoch", async () => {
    const before = tf.memory().numTensors;
    const { events } = await train([
      stage({ name: "head", trainable: ["head"], trainableParams: P.head, epochs: 3 }),
      stage({
        name: "all",
        trainable: ["stem", "layer1", "head"],
        trainableParams: P.stem + P.layer1 + P.head,
        epochs: 3,
        keep: "best",
      }),
    ]);
    const counts = events.filter((e) => e.type === "epoch:end").map((e) => (e as { tensors?: number }).tensors!);
    expect(counts).toHaveLength(6);
    expect(new Set(counts.slice(0, 3)).size).toBe(1);
    expect(new Set(counts.slice(3)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("stops a stage whose loss is not finite, naming run, stage and epoch", async () => {
    const data = memoryData("d", CLASSES, { train: 8, val: 3, test: 0 });
    const batches = data.batches.bind(data);
    data.batches = async function* (split, request) {
      for await (const b of batches(split, request)) yield { ...b, images: b.images.map(() => Number.NaN) };
    };
    const { status, events } = await train([stage({ name: "head", trainable: ["head"], trainableParams: P.head })], {
      data,
    });
    expect(status).toBe("failed");
    const end = events.find((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>;
    expect(end.error).toBe(
      "THTL4004: the training loss became NaN in epoch 1 of stage 'head' (hop 1, d) of e/tiny/seed1; lower the learning rate (now 0.01) or check the data",
    );
  });

  it("trains on cached prefix features with the uncached path's results", async () => {
    const base = { name: "head", trainable: ["head"], trainableParams: P.head, epochs: 3 };
    const cached = await train([
      stage({ ...base, frozenPrefix: { groups: ["stem", "layer1"], cacheable: true, reason: "" } }),
    ]);
    const uncached = await train([
      stage({ ...base, frozenPrefix: { groups: ["stem", "layer1"], cacheable: false, reason: "" } }),
    ]);
    const starts = (r: typeof cached) =>
      r.events.filter((e) => e.type === "stage:start").map((e) => (e as { cachedPrefix: boolean }).cachedPrefix);
    expect(starts(cached)).toEqual([true]);
    expect(starts(uncached)).toEqual([false]);
    const vals = (r: typeof cached) =>
      r.events.filter((e) => e.type === "epoch:end").map((e) => e as Extract<RunEvent, { type: "epoch:end" }>);
    vals(cached).forEach((e, i) => {
      const u = vals(uncached)[i]!;
      expect(e.loss).toBeCloseTo(u.loss, 5);
      expect(e.val.loss).toBeCloseTo(u.val.loss, 5);
      expect(e.val.confusion).toEqual(u.val.confusion);
    });
    const kernel = (r: typeof cached) => r.snapshots[1]!["predictions/kernel"]!;
    Array.from(kernel(cached)).forEach((v, i) => expect(v).toBeCloseTo(kernel(uncached)[i]!, 5));
  });

  it("reuses the prefix features of an earlier run with the same prefix weights and data, with equal results", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "thtl-cache-"));
    dirs.push(cacheDir);
    const head = [
      stage({
        name: "head",
        trainable: ["head"],
        trainableParams: P.head,
        epochs: 2,
        frozenPrefix: { groups: ["stem", "layer1"], cacheable: true, reason: "" },
      }),
    ];
    const first = await train(head, { cacheDir });
    const again = await train(head, { cacheDir });
    const otherData = await train(head, {
      cacheDir,
      data: memoryData("d", CLASSES, { train: 24, val: 9, test: 0 }, 6),
    });
    const otherWeights = await train(head, { cacheDir, seed: 2 });
    const reused = (r: typeof first) =>
      r.events.flatMap((e) => (e.type === "stage:start" ? [[e.cachedPrefix, e.reusedPrefix]] : []));
    expect([first, again, otherData, otherWeights].map(reused)).toEqual([
      [[true, false]],
      [[true, true]],
      [[true, false]],
      [[true, false]],
    ]);
    // Three prefixes or datasets, two splits (train, val) each: six stores, nothing half-written.
    const stores = readdirSync(join(cacheDir, "features"), { recursive: true }).filter((f) =>
      String(f).endsWith(".f32"),
    );
    expect(stores).toHaveLength(6);
    const epochs = (r: typeof first) =>
      r.events.filter((e) => e.type === "epoch:end").map(({ loss, acc, val }) => ({ loss, acc, val }));
    expect(epochs(again)).toEqual(epochs(first));
    expect(again.snapshots[1]!["predictions/kernel"]).toEqual(first.snapshots[1]!["predictions/kernel"]);
  });

  it("restores the best epoch's weights under `keep best`", async () => {
    const { events, snapshots } = await train([
      stage({
        name: "all",
        trainable: ["stem", "layer1", "head"],
        trainableParams: P.stem + P.layer1 + P.head,
        epochs: 4,
        lr: 0.05,
        keep: "best",
      }),
    ]);
    const end = events.find((e) => e.type === "stage:end") as Extract<RunEvent, { type: "stage:end" }>;
    const epochs = events.filter((e) => e.type === "epoch:end") as Extract<RunEvent, { type: "epoch:end" }>[];
    const bestLoss = Math.min(...epochs.map((e) => e.val.loss));
    expect(end.best).toEqual({
      metric: "val_loss",
      value: bestLoss,
      epoch: epochs.findIndex((e) => e.val.loss === bestLoss) + 1,
    });
    expect(end.kept).toBe("best");
    expect(snapshots).toHaveLength(2);
  });

  it("stops early after `patience` epochs without improvement and says so", async () => {
    // A learning rate this small changes no prediction, so val_acc never improves after epoch 1.
    const { events } = await train([
      stage({
        name: "head",
        trainable: ["head"],
        trainableParams: P.head,
        epochs: 6,
        lr: 1e-9,
        earlyStop: { metric: "val_acc", patience: 2 },
      }),
    ]);
    const end = events.find((e) => e.type === "stage:end") as Extract<RunEvent, { type: "stage:end" }>;
    expect(end).toMatchObject({
      epochsRun: 3,
      stoppedEarly: true,
      kept: "last",
      best: { metric: "val_acc", epoch: 3 },
    });
    expect(events.filter((e) => e.type === "epoch:end").map((e) => (e as { best: boolean }).best)).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe("trainableVariables", () => {
  it("gives each variable its group's learning rate over the base rate (`lr SEL X`)", async () => {
    const built = await tinyFactory(tf)(run("a/b/seed1", []), 3, 1);
    const s = stage({
      name: "s",
      trainable: ["layer1", "head"],
      trainableParams: P.layer1 + P.head,
      lr: 0.01,
      groupLr: [
        { selector: "head", groups: ["head"], layers: [], lr: 0.1 },
        { selector: '"layer1.0.bn1"', groups: [], layers: ["layer1.0.bn1"], lr: 0.001 },
      ],
    });
    applyTrainable(built, s);
    const scales = Object.fromEntries(trainableVariables(built, s).map((v) => [v.name, +v.lrScale.toFixed(6)]));
    expect(scales).toEqual({
      "l1_conv/kernel": 1,
      "l1_conv/bias": 1,
      "l1_bn/gamma": 0.1,
      "l1_bn/beta": 0.1,
      "predictions/kernel": 10,
      "predictions/bias": 10,
    });
    built.model.dispose();
  });
});
