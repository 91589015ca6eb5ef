#!/usr/bin/env node
/**
 * Training throughput of ResNet18 at 64x64, batch 32, 10 classes, on the embedded backend (wasm
 * with thtl's kernels), side by side with PyTorch on the CPU (bench/torch_peer.py) in the same run.
 *
 *   npm run build && node bench/train-throughput.mjs [--steps 10] [--warmup 3] [--profile] [--clock cpu] [--ablation]
 *     [--no-peer] [--no-replicas]   (skip PyTorch, or the replica threads, when iterating)
 *   node bench/train-throughput.mjs --arch NAME[,NAME...]|all [--repeat 2] [--profile]
 *
 * --arch prints the table of every architecture of the study against torchvision's (bench/arch-table.mjs):
 * training and eval-mode forward throughput and peak memory, each side in a process of its own.
 *
 * The embedded backend uses every core through XNNPACK's thread pool (THTL_WASM_THREADS=1 for one).
 * --profile prints where the time of a step goes, kernel by kernel (self time: a kernel that runs
 * other kernels is charged only for its own work). --ablation measures the step with thtl's
 * kernels switched on one at a time, from the first set to the current one. Nothing is installed
 * at run time: without /usr/bin/python3 and Debian's python3-torch the peer is reported missing.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const BATCH = 32;
const SIZE = 64;
const CLASSES = 10;
const root = fileURLToPath(new URL("..", import.meta.url));

const { values: flags } = parseArgs({
  options: {
    steps: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    profile: { type: "boolean", default: false },
    clock: { type: "string", default: "wall" },
    "no-peer": { type: "boolean", default: false },
    "no-replicas": { type: "boolean", default: false },
    ablation: { type: "boolean", default: false },
    arch: { type: "string" },
    repeat: { type: "string", default: "2" },
  },
});
const steps = Number(flags.steps);
// Kernel timings and the ablation are per core: one XNNPACK thread unless asked otherwise.
if (flags.profile || flags.ablation) process.env.THTL_WASM_THREADS ??= "1";
const warmup = Number(flags.warmup);

if (!existsSync(`${root}dist/runtime/backend/select.js`)) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}
if (flags.arch) {
  const { archTable } = await import("./arch-table.mjs");
  await archTable({ ...flags, steps, warmup, repeat: Number(flags.repeat) });
  process.exit(0);
}
const { selectBackend } = await import(`${root}dist/runtime/backend/select.js`);
const { startKernelTimer } = await import("./kernel-timer.mjs");
const { printProfile, timeSteps, trainingStep } = await import("./step-loop.mjs");
const { probePeer, runPeer } = await import("./torch-peer.mjs");
const buildNet = await modelBuilder();

console.log(
  `resnet18 ${SIZE}x${SIZE}, batch ${BATCH}, ${CLASSES} classes, SGD momentum 0.9; ${warmup} warm-up + ${steps} timed steps`,
);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

if (flags.ablation) {
  await ablation();
  process.exit(0);
}

const results = [await measureTfjs()];
const parallelTrainer = `${root}dist/runtime/parallel/index.js`;
if (!flags["no-replicas"] && os.cpus().length > 1 && existsSync(parallelTrainer))
  results.push(await measureReplicas(os.cpus().length));
if (!flags["no-peer"]) results.push(...measurePeer());

console.log("");
console.log(`${"".padEnd(48)} ${"images/s".padStart(9)} ${"images/CPU-s".padStart(13)}`);
for (const r of results)
  console.log(
    `${r.label.padEnd(48)} ${r.imagesPerSec.toFixed(1).padStart(9)} ${(r.imagesPerCpuSec?.toFixed(1) ?? "-").padStart(13)}`,
  );
const fastest = (rows) => rows.reduce((a, b) => (a.imagesPerSec > b.imagesPerSec ? a : b));
const peers = results.filter((r) => r.peer);
if (peers.length > 0) {
  const [ours, theirs] = [fastest(results.filter((r) => !r.peer)), fastest(peers)];
  console.log(
    `ratio best embedded (${ours.label}) / best PyTorch (${theirs.label}): ${(ours.imagesPerSec / theirs.imagesPerSec).toFixed(3)}x (target >= 0.25x)`,
  );
  const [ours1, theirs1] = [
    results.find((r) => !r.peer),
    results.find((r) => r.peer && r.label.endsWith(", 1 thread")),
  ];
  if (theirs1)
    console.log(
      `ratio per CPU-second (work per core), against PyTorch's one thread: ${(ours1.imagesPerCpuSec / theirs1.imagesPerCpuSec).toFixed(3)}x`,
    );
  // What a user of this machine's PyTorch gets without set_num_threads (Debian's build starts with one here).
  const shipped = peers.find((r) => r.asShipped);
  if (shipped)
    console.log(
      `ratio best embedded / PyTorch as it starts here (${shipped.label}, its default): ${(ours.imagesPerSec / shipped.imagesPerSec).toFixed(3)}x`,
    );
}

/** The runtime's catalogue ResNet18 when dist/ has it, else the hand-built one beside this file. */
async function modelBuilder() {
  const built = `${root}dist/runtime/models/build-model.js`;
  if (existsSync(built)) {
    const { buildModel } = await import(built);
    const options = {
      width: 1,
      dropout: 0,
      input: { height: SIZE, width: SIZE, channels: 3 },
      classes: CLASSES,
      seed: 1,
    };
    return {
      source: "the catalogue's resnet18 (dist/runtime/models/build-model.js)",
      build: (tf) => buildModel(tf, "resnet18", options).model,
    };
  }
  const { buildResNet18 } = await import("./resnet18.mjs");
  return { source: "bench/resnet18.mjs", build: (tf) => buildResNet18(tf, { size: SIZE, classes: CLASSES, seed: 1 }) };
}

/** The benchmark's training step on a freshly built model. */
function resnetStep(tf) {
  const model = buildNet.build(tf);
  console.log(`model: ${buildNet.source}, ${model.countParams()} parameters`);
  return trainingStep(tf, model, { batch: BATCH, size: SIZE, classes: CLASSES });
}

async function measureTfjs() {
  const { tf, info } = await selectBackend("wasm");
  const step = resnetStep(tf);
  let timer = null;
  const { ms, cpuMs } = timeSteps(tf, step, {
    warmup,
    steps,
    afterWarmup: () => {
      if (flags.profile) timer = startKernelTimer(tf, "wasm", flags.clock);
    },
  });
  timer?.stop();
  console.log(
    `tfjs ${info.name} (${info.threads} XNNPACK threads): ${ms.toFixed(0)} ms per step (${cpuMs.toFixed(0)} ms CPU)`,
  );
  if (timer) printProfile(timer.table(), { stepMs: flags.clock === "cpu" ? cpuMs : ms, steps, clock: flags.clock });
  const threads = `${info.threads} thread${info.threads > 1 ? "s" : ""}`;
  return {
    label: `tfjs ${info.name} + thtl kernels, ${threads}`,
    imagesPerSec: (BATCH * 1000) / ms,
    imagesPerCpuSec: (BATCH * 1000) / cpuMs,
    peer: false,
  };
}

/** The runtime's data-parallel trainer (src/runtime/parallel) with one replica thread per core. */
async function measureReplicas(workers) {
  const { createParallelTrainer } = await import(parallelTrainer);
  const groups = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];
  const stage = {
    name: "all",
    trainable: groups,
    frozen: [],
    partial: [],
    trainableParams: 0,
    totalParams: 0,
    epochs: 1,
    batch: BATCH,
    optimizer: { name: "sgd", momentum: 0.9 },
    lr: 0.01,
    lrDecay: { kind: "constant" },
    groupLr: [],
    weightDecay: 0,
    batchnorm: "train",
    earlyStop: null,
    keep: "last",
    frozenPrefix: { groups: [], cacheable: false, reason: "" },
    hash: "bench",
  };
  const buildOptions = {
    width: 1,
    input: { height: SIZE, width: SIZE, channels: 3 },
    classes: CLASSES,
    dropout: 0,
    seed: 1,
  };
  const trainer = await createParallelTrainer({ workers, backend: "wasm", arch: "resnet18", buildOptions });
  await trainer.beginStage({ stage, weights: null, optimizer: null, prefixGroups: null });
  const images = Float32Array.from({ length: BATCH * SIZE * SIZE * 3 }, (_, i) => Math.sin(i));
  const labels = Int32Array.from({ length: BATCH }, (_, i) => i % CLASSES);
  const step = () => trainer.step(images, [BATCH, SIZE, SIZE, 3], labels, stage.lr);
  for (let i = 0; i < warmup; i++) await step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step();
  const ms = (performance.now() - start) / steps;
  await trainer.dispose();
  console.log(`tfjs wasm, ${workers} replica threads: ${ms.toFixed(0)} ms per step`);
  return {
    label: `tfjs wasm + thtl kernels, ${workers} replica threads`,
    imagesPerSec: (BATCH * 1000) / ms,
    peer: false,
  };
}

/** The step with thtl's kernels switched on one by one (each row adds one to the row above). */
async function ablation() {
  const { loadTf } = await import(`${root}dist/runtime/tf.js`);
  const { convFilterGradient } = await import(`${root}dist/runtime/kernels/convolution/filter-gradient.js`);
  const tf = await loadTf();
  await import("@tensorflow/tfjs-backend-wasm");
  const names = {
    filter: "Conv2DBackpropFilter",
    input: "Conv2DBackpropInput",
    pool: "MaxPoolGrad",
    slice: "Slice",
    norm: "ThtlBatchNormTraining",
  };
  const kernels = () =>
    Object.fromEntries(Object.entries(names).map(([key, name]) => [key, tf.getKernel(name, "wasm")]));
  const shipped = { ...kernels(), normGradient: tf.getGradient("FusedBatchNorm") };
  await selectBackend("wasm");
  const ours = { ...kernels(), normGradient: tf.getGradient("FusedBatchNorm") };
  const swappedOnly = {
    kernelName: "Conv2DBackpropFilter",
    backendName: "wasm",
    kernelFunc: ({ inputs, attrs }) =>
      convFilterGradient(
        inputs.x,
        inputs.dy,
        tf.backend_util.computeConv2DInfo(
          inputs.x.shape,
          attrs.filterShape,
          attrs.strides,
          1,
          attrs.pad,
          attrs.dimRoundingMode,
          false,
          "channelsLast",
        ),
      ),
  };
  // Without its kernel, batch norm layers fall back to tfjs-layers' composite ops.
  tf.unregisterKernel(names.norm, "wasm");
  const variants = [
    [
      "first kernels: swapped-conv filter gradient only",
      {
        filter: swappedOnly,
        input: shipped.input,
        pool: shipped.pool,
        slice: shipped.slice,
        normGradient: shipped.normGradient,
      },
    ],
    ["+ Conv2DBackpropInput: rotated filter, phases", { input: ours.input }],
    ["+ FusedBatchNorm gradient without Tile", { normGradient: ours.normGradient }],
    ["+ MaxPoolGrad loop", { pool: ours.pool }],
    ["+ patch-matrix filter gradient (stem, 1x1)", { filter: ours.filter }],
    ["+ Slice in place", { slice: ours.slice }],
    ["+ batch norm training as one kernel", { norm: ours.norm }],
  ];
  const step = resnetStep(tf);
  console.log(
    `\n${"kernels".padEnd(50)} ${"ms/step".padStart(8)} ${"CPU ms".padStart(8)} ${"images/s (CPU)".padStart(15)}`,
  );
  for (const [label, change] of variants) {
    for (const [key, config] of Object.entries(change)) {
      if (key === "normGradient") tf.registerGradient(config);
      else {
        if (tf.getKernel(config.kernelName, "wasm")) tf.unregisterKernel(config.kernelName, "wasm");
        tf.registerKernel(config);
        // wasm's own kernels bind their wasm functions when the backend starts; ours had replaced them by then.
        config.setupFunc?.(tf.backend());
      }
    }
    const { ms, cpuMs } = timeSteps(tf, step, { warmup, steps });
    console.log(
      `${label.padEnd(50)} ${ms.toFixed(0).padStart(8)} ${cpuMs.toFixed(0).padStart(8)} ${((BATCH * 1000) / cpuMs).toFixed(1).padStart(15)}`,
    );
  }
}

function measurePeer() {
  const shippedThreads = probePeer();
  if (shippedThreads === null) return [];
  const threadCounts = [...new Set([os.cpus().length, 1])];
  return threadCounts.map((threads) => {
    const result = runPeer({ batch: BATCH, size: SIZE, classes: CLASSES, warmup, steps, threads });
    const label = `PyTorch ${result.torch} CPU, ${threads} thread${threads > 1 ? "s" : ""}`;
    return {
      label,
      imagesPerSec: result.imagesPerSec,
      imagesPerCpuSec: result.imagesPerCpuSec,
      peer: true,
      asShipped: threads === shippedThreads,
    };
  });
}
