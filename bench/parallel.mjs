// Benchmark: data-parallel training (docs/parallel.md). Images/s of ResNet18 at 64x64, batch 32,
// every group training, on the wasm backend: one thread (the in-process path) against 2 replica
// threads (and any counts given with --workers 1,2,4), with the ratios to one thread, all from
// this run. CPU time per image (all threads of the process) shows the cost of the replication
// itself, which wall time on a machine shared with other work cannot. Also prints, at the same initial weights, the first step's loss with each count: with
// batch norm training, replicas normalise with their shard's statistics (docs/parallel.md).
// Run `npm run build` first; this script imports the runtime from dist/.
// Usage: node bench/parallel.mjs [--workers 1,2] [--steps 4] [--size 64] [--batch 32]
import os from "node:os";
import { parseArgs } from "node:util";
import { createParallelTrainer } from "../dist/runtime/parallel/index.js";

const { values } = parseArgs({
  options: {
    workers: { type: "string", default: "1,2" },
    steps: { type: "string", default: "4" },
    size: { type: "string", default: "64" },
    batch: { type: "string", default: "32" },
  },
});
const counts = values.workers.split(",").map(Number);
const steps = Number(values.steps);
const size = Number(values.size);
const batch = Number(values.batch);
const classes = 10;
const buildOptions = { width: 1, input: { height: size, width: size, channels: 3 }, classes, dropout: 0, seed: 1 };
const groups = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];
const stage = {
  name: "all",
  trainable: groups,
  frozen: [],
  partial: [],
  trainableParams: 0,
  totalParams: 0,
  epochs: 1,
  batch,
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

/** Seeded batches (the same for every worker count). */
function makeBatches(count) {
  let state = 12345;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, () => ({
    inputs: Float32Array.from({ length: batch * size * size * 3 }, () => random() * 2 - 1),
    shape: [batch, size, size, 3],
    labels: Int32Array.from({ length: batch }, () => Math.floor(random() * classes)),
  }));
}

const data = makeBatches(steps + 1);
const runs = [];
for (const workers of counts) {
  const started = performance.now();
  const trainer = await createParallelTrainer({ workers, backend: "wasm", arch: "resnet18", buildOptions });
  runs.push({ workers, trainer, startMs: performance.now() - started, seconds: 0, cpuSeconds: 0, firstLoss: 0 });
}
const initial = await runs[0].trainer.readWeights();
for (const run of runs) {
  await run.trainer.beginStage({ stage, weights: initial, optimizer: null, prefixGroups: null });
  // The first step warms up (kernels, allocations) and is not timed.
  await run.trainer.step(data[0].inputs, data[0].shape, data[0].labels, stage.lr, 0);
  run.firstLoss = run.trainer.running().loss;
}
// Steps alternate between the worker counts, so that other load on the machine hits them alike.
for (let i = 1; i <= steps; i++) {
  for (const run of runs) {
    const [t0, cpu0] = [performance.now(), process.cpuUsage()];
    await run.trainer.step(data[i].inputs, data[i].shape, data[i].labels, stage.lr, i);
    const cpu = process.cpuUsage(cpu0);
    run.seconds += (performance.now() - t0) / 1000;
    run.cpuSeconds += (cpu.user + cpu.system) / 1e6;
  }
}
await Promise.all(runs.map((run) => run.trainer.dispose()));

const base = runs.find((r) => r.workers === 1) ?? runs[0];
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(" ");
console.log(
  `ResNet18 ${size}x${size}, batch ${batch}, all groups training, wasm; ${steps} timed steps each after one warm-up; ${os.availableParallelism()} cores, load average ${load}`,
);
for (const r of runs) {
  const imagesPerSec = (steps * batch) / r.seconds;
  const baseRate = (steps * batch) / base.seconds;
  const gap = (100 * (r.firstLoss - base.firstLoss)) / base.firstLoss;
  console.log(
    `workers ${r.workers}: ${imagesPerSec.toFixed(2)} images/s, x${(imagesPerSec / baseRate).toFixed(2)} of workers ${base.workers}; ` +
      `${((1000 * r.cpuSeconds) / (steps * batch)).toFixed(0)} CPU ms/image (x${(r.cpuSeconds / base.cpuSeconds).toFixed(2)}); ` +
      `start ${(r.startMs / 1000).toFixed(1)} s; first-step loss ${r.firstLoss.toFixed(4)} (${gap >= 0 ? "+" : ""}${gap.toFixed(2)}%)`,
  );
}
