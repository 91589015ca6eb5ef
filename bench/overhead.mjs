// The runtime's costs, measured in one process on the embedded backend (wasm):
// 1. frozen-prefix caching: a head-only ResNet18 stage with the prefix cached vs uncached
//    (issue 7 target: >= 20x for the stage), the cache empty (the prefix runs once) and holding
//    the features already (a re-run with another head lr, another seed of a one-step arm);
// 2. the executor's overhead over a bare hand-written tfjs loop (same model, data, batches and
//    optimizer; target <= 5%).
// Run `npm run build` first. Usage: node bench/overhead.mjs [--backend wasm|cpu] [--images N] [--epochs E]
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { selectBackend } from "../dist/runtime/backend/select.js";
import { executePlan } from "../dist/runtime/execute.js";
import { buildModel, modelFactory } from "../dist/runtime/models/build-model.js";

const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "wasm" },
    images: { type: "string", default: "256" },
    epochs: { type: "string", default: "10" },
  },
});
const { tf, info } = await selectBackend(values.backend);
const N = Number(values.images);

function memoryData(n, size, classes) {
  const pixel = size * size * 3;
  const images = Float32Array.from({ length: n * pixel }, (_, i) => Math.sin(i * 12.9898) * 0.5);
  const labels = Int32Array.from({ length: n }, (_, i) => i % classes);
  const files = Array.from({ length: n }, (_, i) => ({ file: `/mem/${i}`, label: labels[i] }));
  const order = (split, request) => {
    const count = split === "train" ? n : 0;
    const positions = Int32Array.from({ length: count }, (_, i) => i);
    if (request.shuffle)
      for (let i = count - 1; i > 0; i--) {
        const j = (i * 7919 + request.epoch * 104729) % (i + 1);
        [positions[i], positions[j]] = [positions[j], positions[i]];
      }
    return positions;
  };
  return {
    domain: "bench",
    classes: Array.from({ length: classes }, (_, k) => `c${k}`),
    image: { height: size, width: size, channels: 3 },
    files: { train: files, val: [], test: [] },
    order,
    fingerprint: (split) =>
      split === "train"
        ? createHash("sha256").update(new Uint8Array(images.buffer)).update(new Uint8Array(labels.buffer)).digest("hex")
        : "empty",
    async *batches(split, request) {
      const positions = order(split, request);
      for (let s = 0; s < positions.length; s += request.batchSize) {
        const idx = positions.subarray(s, s + request.batchSize);
        const x = new Float32Array(idx.length * pixel);
        idx.forEach((p, i) => x.set(images.subarray(p * pixel, (p + 1) * pixel), i * pixel));
        yield { images: x, labels: Int32Array.from(idx, (p) => labels[p]), indices: idx, size: idx.length };
      }
    },
  };
}

function plan(arch, width, size, classes, stage) {
  const groups = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];
  const model = buildModel(tf, arch, { width, input: { height: size, width: size, channels: 3 }, classes, dropout: 0 });
  const trainable = new Set(model.layers.filter((l) => stage.trainable.includes(l.group)).map((l) => l.name));
  const count = (weights) => weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const trainableParams = count(
    model.model.layers.filter((l) => trainable.has(l.name)).flatMap((l) => l.trainableWeights),
  );
  model.model.dispose();
  const frozen = groups.filter((g) => !stage.trainable.includes(g));
  return {
    planVersion: 1,
    compiler: "bench",
    sources: [],
    runs: [
      {
        id: `bench/${arch}/seed1`,
        experiment: "bench",
        model: arch,
        architecture: { arch, width, dropout: 0, groups },
        seed: 1,
        init: { kind: "scratch" },
        input: { height: size, width: size, channels: 3 },
        hops: [
          {
            domain: "bench",
            data: { kind: "synth", synth: "natural", count: N },
            classes: Array.from({ length: classes }, (_, k) => `c${k}`),
            positive: null,
            head: "new",
            split: { train: 100, val: 0, test: 0, seed: 1 },
            augment: [],
            normalization: { mean: [0, 0, 0], std: [1, 1, 1], source: "none" },
            stages: [
              {
                name: stage.name,
                trainable: stage.trainable,
                frozen,
                partial: [],
                trainableParams,
                totalParams: 0,
                epochs: stage.epochs,
                batch: 32,
                optimizer: { name: "adam" },
                lr: stage.lr ?? 1e-3,
                lrDecay: { kind: "constant" },
                groupLr: [],
                weightDecay: 0,
                batchnorm: "train",
                earlyStop: null,
                keep: "last",
                frozenPrefix: { groups: stage.prefix ?? [], cacheable: Boolean(stage.cached), reason: "" },
                hash: "bench",
              },
            ],
          },
        ],
      },
    ],
  };
}

async function timeRuntime(p, data, cacheDir) {
  const out = mkdtempSync(join(tmpdir(), "thtl-bench-"));
  const epochs = [];
  let stage = 0;
  const started = performance.now();
  await executePlan(p, {
    tf,
    backend: info,
    planLabel: "bench",
    outDir: out,
    baseDir: out,
    ...(cacheDir ? { cacheDir } : {}),
    sink: (e) => {
      if (e.type === "epoch:end") epochs.push(e.durationMs);
      if (e.type === "stage:end") stage = e.durationMs;
      if (e.type === "run:end" && e.error) throw new Error(e.error);
    },
    loadData: async () => data,
    buildModel: modelFactory(tf),
    resume: false,
    force: true,
    interrupted: () => false,
    resumeCommand: "",
  });
  const total = performance.now() - started;
  rmSync(out, { recursive: true, force: true });
  return { total, epochs, stage };
}

/** The same training by hand: tf.train.adam, variableGrads, one tidy per batch, nothing else. */
async function timeBare(arch, width, size, classes, epochs, data) {
  const started = performance.now();
  const built = buildModel(tf, arch, {
    width,
    input: { height: size, width: size, channels: 3 },
    classes,
    dropout: 0,
    seed: 1,
  });
  const optimizer = tf.train.adam(1e-3);
  const vars = built.model.trainableWeights.map((w) => w.read());
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for await (const b of data.batches("train", { batchSize: 32, shuffle: true, epoch, augment: false })) {
      tf.tidy(() => {
        const x = tf.tensor4d(b.images, [b.size, size, size, 3]);
        const y = tf.oneHot(tf.tensor1d(b.labels, "int32"), classes);
        const { grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(y, built.model.apply(x, { training: true })),
          vars,
        );
        optimizer.applyGradients(grads);
      });
    }
  }
  const total = performance.now() - started;
  optimizer.dispose();
  built.model.dispose();
  return total;
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
console.log(`backend: ${info.name} (${info.package}); ${N} images`);

// 1. Frozen-prefix caching, head-only ResNet18 (width 1) at 64x64, as many epochs as the study's
//    `last_layer` schedule (schedules/common.thtl). The stage's time runs from its set-up (the
//    prefix computed or its features read) to its end; model build and export are outside it.
{
  const E = Number(values.epochs);
  const data = memoryData(N, 64, 2);
  const cacheDir = mkdtempSync(join(tmpdir(), "thtl-bench-cache-"));
  const head = (cached, lr = 1e-3) =>
    plan("resnet18", 1, 64, 2, {
      name: "head",
      trainable: ["head"],
      epochs: E,
      lr,
      cached,
      prefix: ["stem", "layer1", "layer2", "layer3", "layer4"],
    });
  const uncached = await timeRuntime(head(false), data, cacheDir);
  const cold = await timeRuntime(head(true), data, cacheDir);
  const warm = await timeRuntime(head(true, 3e-4), data, cacheDir);
  rmSync(cacheDir, { recursive: true, force: true });
  const steady = (r) => r.epochs.slice(1).reduce((a, b) => a + b, 0) / (r.epochs.length - 1);
  const ratio = (a, b) => `${(a / b).toFixed(1)}x`;
  console.log(`head-only ResNet18 64x64, ${N} images, ${E} epochs (stage time, set-up to end):`);
  console.log(
    `  uncached ${fmt(uncached.stage)}; cached, prefix run once ${fmt(cold.stage)} -> ${ratio(uncached.stage, cold.stage)}; cached, features reused ${fmt(warm.stage)} -> ${ratio(uncached.stage, warm.stage)} (target >= 20x)`,
  );
  console.log(
    `  per epoch after the first: uncached ${fmt(steady(uncached))}, cached ${fmt(steady(cold))} -> ${ratio(steady(uncached), steady(cold))}`,
  );
  console.log(
    `  whole runs (model build and export included): uncached ${fmt(uncached.total)}, cold ${fmt(cold.total)}, reused ${fmt(warm.total)}`,
  );
}

// 2. Runtime overhead over a bare loop: full ResNet18 (width 0.25) at 32x32, 4 epochs; each side
//    runs twice, alternating, and the faster of its two runs counts (the machine is shared).
{
  const data = memoryData(N, 32, 4);
  const all = plan("resnet18", 0.25, 32, 4, {
    name: "all",
    trainable: ["stem", "layer1", "layer2", "layer3", "layer4", "head"],
    epochs: 4,
  });
  const bare = [];
  const runtime = [];
  for (let i = 0; i < 2; i++) {
    bare.push(await timeBare("resnet18", 0.25, 32, 4, 4, data));
    runtime.push((await timeRuntime(all, data)).total);
  }
  const [b, r] = [Math.min(...bare), Math.min(...runtime)];
  console.log(
    `all layers ResNet18 x0.25 32x32, ${N} images, 4 epochs: bare loop ${fmt(b)}, thtl runtime ${fmt(r)} -> overhead ${(((r - b) / b) * 100).toFixed(1)}% (target <= 5%)`,
  );
}
