// What the terminal UI costs a training run (target: at most 2% against --json).
//   npm run build && node bench/ui-overhead.mjs [PLAN.thtl] [--reps N]
// 1. The renderer's own CPU per event: a synthetic stream (one stage, 20 epochs of 200 batches)
//    fed 1 ms apart (a fast run: 1000 batches/s) to the live screen on a discarding terminal,
//    against the JSON printer on a discarding stream.
// 2. The same training run (default tests/ui/fixtures/tiny.thtl; examples/quickstart.thtl gives
//    steadier figures) under a pseudo-terminal with the live screen, and with --json into
//    /dev/null, alternated; medians of the training time its run records show (run:start to
//    run:end) and of the process's wall time; and the screen's own accounting of the time it
//    took (THTL_UI_STATS=1), which contention on the machine does not blur as much.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { createRenderer } from "../dist/ui/index.js";

const args = process.argv.slice(2);
const repsAt = args.indexOf("--reps");
const reps = repsAt >= 0 ? Number(args[repsAt + 1]) : 3;
const plan = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--reps") ?? "tests/ui/fixtures/tiny.thtl";

function syntheticEvents() {
  const t = Date.now();
  const ref = { runId: "bench/tiny/seed1", hop: 0, stage: 0 };
  const outline = {
    name: "all",
    trainable: ["stem", "head"],
    trainableParams: 1000,
    totalParams: 1000,
    epochs: 20,
    lr: 1e-3,
    batch: 8,
  };
  const metrics = {
    loss: 0.5,
    acc: 0.8,
    macroF1: 0.8,
    perClass: [],
    positive: { class: "b", precision: 0.8, recall: 0.7 },
    auc: 0.9,
    confusion: [
      [1, 0],
      [0, 1],
    ],
  };
  const events = [
    {
      type: "plan:start",
      time: t,
      plan: "bench.thtl",
      backend: { name: "cpu", package: "@tensorflow/tfjs-backend-cpu", gpu: false, threads: 1, notes: [] },
      runs: [{ id: ref.runId, chain: ["scratch", "larynx"] }],
      outDir: "runs",
    },
    {
      type: "run:start",
      time: t,
      runId: ref.runId,
      index: 0,
      total: 1,
      chain: ["scratch", "larynx"],
      outDir: "runs/x",
    },
    {
      type: "hop:start",
      time: t,
      runId: ref.runId,
      hop: 0,
      domain: "larynx",
      classes: ["a", "b"],
      head: "new",
      sizes: { train: 1600, val: 200, test: 200 },
      stages: [outline],
    },
    {
      type: "stage:start",
      time: t,
      ...ref,
      ...outline,
      batchesPerEpoch: 200,
      cachedPrefix: false,
      resumedAtEpoch: null,
    },
  ];
  for (let epoch = 1; epoch <= 20; epoch++) {
    events.push({ type: "epoch:start", time: t, ...ref, epoch, epochs: 20 });
    for (let batch = 1; batch <= 200; batch++) {
      events.push({
        type: "batch:end",
        time: t,
        ...ref,
        epoch,
        batch,
        batches: 200,
        loss: 1 / (epoch + batch / 200),
        acc: 0.5,
        imagesPerSec: 800,
      });
    }
    events.push({
      type: "epoch:end",
      time: t,
      ...ref,
      epoch,
      epochs: 20,
      loss: 0.5,
      acc: 0.8,
      val: metrics,
      durationMs: 200,
      best: epoch === 1,
    });
  }
  events.push({
    type: "stage:end",
    time: t,
    ...ref,
    epochsRun: 20,
    stoppedEarly: false,
    best: { metric: "val_loss", value: 0.5, epoch: 1 },
    kept: "last",
    durationMs: 4000,
  });
  events.push({
    type: "run:end",
    time: t,
    runId: ref.runId,
    status: "done",
    test: metrics,
    outDir: "runs/x",
    error: null,
  });
  events.push({
    type: "plan:end",
    time: t,
    status: "done",
    runs: [{ id: ref.runId, status: "done", test: metrics, outDir: "runs/x" }],
    outDir: "runs",
    resume: null,
  });
  return events;
}

function discard(tty) {
  const stream = new Writable({ write: (_chunk, _encoding, done) => done() });
  return Object.assign(stream, { isTTY: tty, columns: 100, rows: 40 });
}

async function cpuPerEvent(mode) {
  const stdout = discard(mode === "auto");
  const io = {
    stdout: (text) => stdout.write(text),
    stderr: () => {},
    cwd: process.cwd(),
    env: {},
    stdoutIsTTY: mode === "auto",
    stderrIsTTY: false,
    streams: { stdout, stderr: discard(false), stdin: process.stdin },
  };
  const events = syntheticEvents();
  const before = process.cpuUsage();
  const renderer = createRenderer({ mode, io });
  for (const event of events) {
    renderer.sink({ ...event, time: Date.now() });
    await sleep(1);
  }
  await renderer.close();
  const used = process.cpuUsage(before);
  return { events: events.length, cpuMs: (used.user + used.system) / 1000 };
}

// Ink and React load once per process (about as long as one epoch of a tiny run); keep that out.
await cpuPerEvent("auto");
const printer = await cpuPerEvent("json");
const live = await cpuPerEvent("auto");
const perEventUs = ((live.cpuMs - printer.cpuMs) * 1000) / live.events;
console.log(
  `renderer CPU, ${live.events} events 1 ms apart: live screen ${live.cpuMs.toFixed(0)} ms, --json ${printer.cpuMs.toFixed(0)} ms`,
);
console.log(
  `live screen's own CPU: ${perEventUs.toFixed(1)} µs per event (the sleep loop itself is in both; Ink loaded beforehand)`,
);

/**
 * Runs one training; returns the process's wall time, the training time its records show and,
 * for the live screen, the screen's own accounting of its cost (`THTL_UI_STATS`).
 */
function timeRun(command, out) {
  rmSync(out, { recursive: true, force: true });
  const times = join(out, "..", `${basename(out)}.times`);
  const start = process.hrtime.bigint();
  // /usr/bin/time: the CPU the command and its children used, which a busy machine blurs less than wall time.
  const printed = execFileSync("/usr/bin/time", ["-f", "%U %S", "-o", times, "bash", "-c", command], {
    encoding: "utf8",
    env: { ...process.env, TERM: "xterm-256color", CI: "", THTL_UI_STATS: "1" },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const [user, system] = readFileSync(times, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  rmSync(times);
  const share = /thtl ui: .* ([\d.]+)% of/.exec(printed)?.[1];
  return {
    wall,
    cpu: (user + system) * 1000,
    training: trainingTime(out),
    share: share === undefined ? null : Number(share),
  };
}

/** From each run's `events.jsonl`: run:start to run:end, summed (process start-up left out). */
function trainingTime(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    if (!String(entry).endsWith("events.jsonl")) continue;
    const events = readFileSync(join(dir, String(entry)), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const start = events.find((e) => e.type === "run:start");
    const end = events.findLast((e) => e.type === "run:end");
    if (start && end) total += end.time - start.time;
  }
  return total;
}

const out = mkdtempSync(join(tmpdir(), "thtl-ui-bench-"));
const run = `node bin/thtl.js run ${plan} --out ${out}`;
const ui = [];
const json = [];
try {
  for (let i = 0; i < reps; i++) {
    // Alternate which goes first, so that a busy spell on the machine hits both alike.
    const pair = [
      () => json.push(timeRun(`${run} --json > /dev/null`, out)),
      () => ui.push(timeRun(`script -qfec "stty cols 100 rows 40; ${run}" /dev/null`, out)),
    ];
    if (i % 2 === 1) pair.reverse();
    for (const go of pair) go();
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (xs) => `${(median(xs) / 1000).toFixed(2)} s  (${xs.map((t) => (t / 1000).toFixed(2)).join(", ")})`;
console.log(`${plan}, ${reps} runs each, medians:`);
console.log(
  `  training time (records)  live screen ${show(ui.map((r) => r.training))}   --json ${show(json.map((r) => r.training))}`,
);
console.log(
  `  process wall time        live screen ${show(ui.map((r) => r.wall))}   --json ${show(json.map((r) => r.wall))}`,
);
console.log(
  `  process CPU time         live screen ${show(ui.map((r) => r.cpu))}   --json ${show(json.map((r) => r.cpu))}`,
);
const ratio = median(ui.map((r) => r.training)) / median(json.map((r) => r.training));
console.log(
  `  training-time ratio ${ratio.toFixed(3)} (target: at most 1.020; on a shared machine, noise can exceed this)`,
);
const cpuRatio = median(ui.map((r) => r.cpu)) / median(json.map((r) => r.cpu));
console.log(`  CPU-time ratio ${cpuRatio.toFixed(3)} (includes loading Ink and React once, about 0.5 s of CPU)`);
console.log(
  `  the live screen's own time (folding events and redrawing), as a share of its run: ${ui.map((r) => `${r.share}%`).join(", ")}`,
);
