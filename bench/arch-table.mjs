// bench/train-throughput.mjs --arch: every architecture of the study against torchvision's (or,
// for Xception, bench/torch_xception.py's) on the same cores, in one run. Each measurement is a
// process of its own (bench/arch-step.mjs, bench/torch_peer.py), so peak memory is per side and
// per architecture, and the runs of the two sides alternate so that a change in the machine's
// load falls on both.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { probePeer, runPeer } from "./torch-peer.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const BATCH = 32;
const CLASSES = 10;
// The targets: training ResNet18 >= 0.4x and the others >= 0.33x, inference >= 0.5x, memory <= 1.5x.
const TRAIN_TARGET = (arch) => (arch === "resnet18" ? 0.4 : 0.33);
const INFER_TARGET = 0.5;
const MEMORY_LIMIT = 1.5;

/** 64x64 inputs, except InceptionV3, whose reductions need at least 75x75. */
const inputSize = (arch) => (arch === "inception_v3" ? 80 : 64);

export async function archTable(flags) {
  const { ARCHITECTURE_NAMES } = await import(`${root}dist/models/catalogue.js`);
  const archs = flags.arch === "all" ? ARCHITECTURE_NAMES : flags.arch.split(",");
  const cores = os.cpus().length;
  console.log(
    `batch ${BATCH}, ${CLASSES} classes, SGD momentum 0.9, 64x64 (inception_v3 80x80); ${flags.warmup} warm-up + ${flags.steps} timed steps; ` +
      `${flags.repeat} runs of each side, all ${cores} cores each; load average ${loadAverage()}`,
  );
  if (probePeer() === null) return;
  const rows = new Map(archs.map((arch) => [arch, { train: [], infer: [] }]));
  for (let r = 0; r < flags.repeat; r++)
    for (const arch of archs)
      for (const mode of ["train", "infer"]) {
        const options = { arch, mode, batch: BATCH, size: inputSize(arch), classes: CLASSES, ...loop(flags) };
        const pair = { ours: ours(options), theirs: runPeer({ ...options, threads: cores }) };
        rows.get(arch)[mode].push(pair);
        console.log(`run ${r + 1} ${arch} ${mode}: ${describe(pair.ours)} | PyTorch ${describe(pair.theirs)}`);
      }
  console.log(`load average at the end: ${loadAverage()}\n`);
  printTable(rows);
  if (flags.profile) for (const arch of archs) profile(arch, flags);
}

const loop = (flags) => ({ warmup: flags.warmup, steps: flags.steps });
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
const describe = (m) =>
  m.error ? `fails: ${m.error}` : `${m.imagesPerSec.toFixed(1)} images/s, ${m.maxRssMb.toFixed(0)} MB peak`;

/** bench/arch-step.mjs in a child process, with `options` as its flags. */
function archStep(options, spawnOptions) {
  const args = Object.entries(options).flatMap(([key, value]) =>
    value === true ? [`--${key}`] : [`--${key}`, String(value)],
  );
  return spawnSync(process.execPath, [fileURLToPath(new URL("arch-step.mjs", import.meta.url)), ...args], spawnOptions);
}

/** thtl's side; {error} when it fails, so the table goes on. */
function ours(options) {
  const run = archStep(options, { encoding: "utf8" });
  if (run.status !== 0)
    return {
      error: (
        run.stderr
          .trim()
          .split("\n")
          .find((l) => /Error/.test(l)) ?? ""
      ).slice(0, 160),
    };
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

/** Best of the runs on each side, the ratio of the two, and the spread of each side (worst to best). */
function summarise(pairs, key = "imagesPerSec") {
  const ok = pairs.filter((p) => !p.ours.error);
  if (ok.length === 0) return null;
  const best = (side) => Math.max(...ok.map((p) => p[side][key]));
  const spread = (side) => {
    const values = ok.map((p) => p[side][key]);
    return `${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)}`;
  };
  return {
    ours: best("ours"),
    theirs: best("theirs"),
    ratio: best("ours") / best("theirs"),
    spread: [spread("ours"), spread("theirs")],
  };
}

function printTable(rows) {
  console.log(
    "| architecture | train thtl images/s | train PyTorch images/s | **train ratio** | per CPU-second | infer thtl images/s | infer PyTorch images/s | **infer ratio** | peak RSS thtl / PyTorch MB | **memory ratio** |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const [arch, { train, infer }] of rows) {
    const t = summarise(train);
    const i = summarise(infer);
    if (!t || !i) {
      console.log(`| ${arch} | fails: ${(train.find((p) => p.ours.error) ?? infer[0]).ours.error} | | | | | | | | |`);
      continue;
    }
    const cpu = summarise(train, "imagesPerCpuSec");
    const rss = [Math.max(...train.map((p) => p.ours.maxRssMb ?? 0)), Math.max(...train.map((p) => p.theirs.maxRssMb))];
    const mark = (ok) => (ok ? "" : " (below target)");
    console.log(
      `| ${arch} | ${t.spread[0]} | ${t.spread[1]} | **${t.ratio.toFixed(2)}x**${mark(t.ratio >= TRAIN_TARGET(arch))} | ${cpu.ratio.toFixed(2)}x ` +
        `| ${i.spread[0]} | ${i.spread[1]} | **${i.ratio.toFixed(2)}x**${mark(i.ratio >= INFER_TARGET)} ` +
        `| ${rss[0].toFixed(0)} / ${rss[1].toFixed(0)} | **${(rss[0] / rss[1]).toFixed(2)}x**${rss[0] / rss[1] <= MEMORY_LIMIT ? "" : " (above limit)"} |`,
    );
  }
  console.log(
    "\nimages/s: worst-best of the runs; ratios: best against best. Per CPU-second: training images per second of CPU time, best against best.",
  );
}

/** Where a step's time goes: one XNNPACK thread, CPU clock, kernel by kernel. */
function profile(arch, flags) {
  console.log(`\n## ${arch}`);
  archStep(
    { arch, mode: "train", size: inputSize(arch), profile: true, clock: "cpu", ...loop(flags) },
    { stdio: "inherit", env: { ...process.env, THTL_WASM_THREADS: process.env.THTL_WASM_THREADS ?? "1" } },
  );
}
