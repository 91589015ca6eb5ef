#!/usr/bin/env node
/**
 * One side of bench/train-throughput.mjs --arch: the catalogue's architecture on the wasm backend
 * with thtl's kernels, timed in a process of its own so that its peak resident set is its own.
 *
 *   node bench/arch-step.mjs --arch NAME --mode train|infer [--size 64] [--warmup 3] [--steps 10] [--profile] [--clock cpu]
 *
 * Prints what it measured, then one JSON line: {"imagesPerSec", "imagesPerCpuSec", "maxRssMb", "params", "threads"}.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { inferenceStep, printProfile, timeSteps, trainingStep } from "./step-loop.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const { values: flags } = parseArgs({
  options: {
    arch: { type: "string", default: "resnet18" },
    mode: { type: "string", default: "train" },
    size: { type: "string", default: "64" },
    batch: { type: "string", default: "32" },
    classes: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    steps: { type: "string", default: "10" },
    profile: { type: "boolean", default: false },
    clock: { type: "string", default: "wall" },
  },
});
const shape = { batch: Number(flags.batch), size: Number(flags.size), classes: Number(flags.classes) };
const loop = { warmup: Number(flags.warmup), steps: Number(flags.steps) };

const { selectBackend } = await import(`${root}dist/runtime/backend/select.js`);
const { buildModel } = await import(`${root}dist/runtime/models/build-model.js`);
const { inferenceForward } = await import(`${root}dist/runtime/forward/forward.js`);
const { startKernelTimer } = await import("./kernel-timer.mjs");
const { tf, info } = await selectBackend("wasm");
// The architecture's default build, as a plan trains it; bench/torch_peer.py builds the same network.
const { model } = buildModel(tf, flags.arch, {
  width: 1,
  dropout: 0,
  input: { height: shape.size, width: shape.size, channels: 3 },
  classes: shape.classes,
  seed: 1,
});
const step =
  flags.mode === "train" ? trainingStep(tf, model, shape) : inferenceStep(tf, model, shape, inferenceForward);
let timer = null;
const { ms, cpuMs } = timeSteps(tf, step, {
  ...loop,
  afterWarmup: () => {
    if (flags.profile) timer = startKernelTimer(tf, "wasm", flags.clock);
  },
});
timer?.stop();
console.log(
  `${flags.arch} ${flags.mode}, tfjs ${info.name} (${info.threads} XNNPACK threads): ${ms.toFixed(0)} ms per step (${cpuMs.toFixed(0)} ms CPU)`,
);
if (timer)
  printProfile(timer.table(), { stepMs: flags.clock === "cpu" ? cpuMs : ms, steps: loop.steps, clock: flags.clock });
console.log(
  JSON.stringify({
    imagesPerSec: (shape.batch * 1000) / ms,
    imagesPerCpuSec: (shape.batch * 1000) / cpuMs,
    // Node reports kilobytes: the process's peak resident set, the wasm heap and V8's included.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    params: model.countParams(),
    threads: info.threads,
  }),
);
