#!/usr/bin/env node
// The study at CPU scale (issue 15): five arms' worth of chains on synthetic fundus and larynx
// images, a 1/8-width ResNet18 at 32x32, SEEDS seeds. Three measurements:
//  1. alone: each run in its own process and its own folder, without the stage store (nothing
//     shared: no hop, no cached frozen-prefix features);
//  2. `thtl sweep --engine local --jobs 1` with a fresh store;
//  3. `thtl sweep --engine local --jobs 2` with a fresh store.
// Prints images trained (per epoch, the train split of every stage that was trained, split into
// full-network passes and suffix-only passes over cached prefix features), stages trained and
// reused, and wall time. Target: (1) trains at least 1.5x the images (2) does. Exits 1 when missed.
//
//   npm run build && node bench/study.mjs [--seeds N] [--fundus N] [--larynx N] [--keep]
//
// The machine may be shared: wall times vary with its load; images trained do not.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const { values } = parseArgs({
  options: {
    seeds: { type: "string", default: "2" },
    fundus: { type: "string", default: "120" },
    larynx: { type: "string", default: "48" },
    keep: { type: "boolean" },
  },
});
const THTL = fileURLToPath(new URL("../bin/thtl.js", import.meta.url));
const TARGET = 1.5;
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1).join(", ");

const study = `version 1
model tiny { arch resnet18; width 0.125 }
domain fundus {
  data imagefolder "data/fundus"
  split 80/20 seed 7
  image 32x32
  augment hflip
}
domain larynx {
  data imagefolder "data/larynx"
  positive malignant
  split 70/15/15 seed 7
  image 32x32
}
schedule last_layer { stage head { train head; epochs 3; batch 8; lr 1e-3 } }
schedule all_layers { stage all { train all; epochs 3; batch 8; lr 1e-3 } }
schedule swft {
  defaults { epochs 1; batch 8; optimizer adam; lr 1e-3 }
  stage head { train head }
  stage layer4 { unfreeze layer4 }
  stage layer3 { unfreeze layer3 }
  stage layer2 { unfreeze layer2 }
  stage layer1 { unfreeze layer1, stem }
}
experiment from_scratch { models tiny; seeds ${seeds}; chain scratch -> larynx with all_layers }
experiment thtl_last { models tiny; seeds ${seeds}; chain scratch -> fundus with all_layers -> larynx with last_layer }
experiment thtl_all { models tiny; seeds ${seeds}; chain scratch -> fundus with all_layers -> larynx with all_layers }
experiment thtl_swft { models tiny; seeds ${seeds}; chain scratch -> fundus with all_layers -> larynx with swft }
`;

function thtlSync(cwd, ...args) {
  const result = spawnSync(process.execPath, [THTL, ...args], { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`thtl ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  return result.stdout;
}

function thtlAsync(cwd, env, ...args) {
  const child = spawn(process.execPath, [THTL, ...args], { cwd, env: { ...process.env, ...env }, stdio: "ignore" });
  return new Promise((resolve, reject) =>
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`thtl ${args.join(" ")} exited ${code}`)))),
  );
}

/** Images trained, from the events of every run record under `runsDir`. */
function work(runsDir) {
  const totals = { full: 0, suffix: 0, trained: 0, reused: 0 };
  const files = readdirSync(runsDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("events.jsonl"));
  for (const file of files) {
    const events = readFileSync(join(runsDir, file), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    let trainSize = 0;
    const cached = new Map();
    for (const e of events) {
      if (e.type === "hop:start") trainSize = e.sizes.train;
      if (e.type === "stage:start") cached.set(`${e.hop}/${e.stage}`, e.cachedPrefix);
      if (e.type === "stage:reused") totals.reused += 1;
      if (e.type === "stage:end") {
        totals.trained += 1;
        totals[cached.get(`${e.hop}/${e.stage}`) ? "suffix" : "full"] += e.epochsRun * trainSize;
      }
    }
  }
  return totals;
}

async function timed(fn) {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

const root = mkdtempSync(join(tmpdir(), "thtl-study-"));
try {
  writeFileSync(join(root, "study.thtl"), study);
  thtlSync(root, "synth", "fundus", "--out", "data/fundus", "--n", values.fundus, "--size", "32");
  thtlSync(root, "synth", "larynx", "--out", "data/larynx", "--n", values.larynx, "--size", "32");
  thtlSync(root, "compile", "study.thtl", "-o", "plan.json");
  const runs = JSON.parse(readFileSync(join(root, "plan.json"), "utf8")).runs.length;
  // Decode the images once into the shared data cache, so that no measurement pays for it.
  thtlSync(root, "data", "inspect", "study.thtl");

  // 1. Each run alone: its own folder (so its own feature cache), no store.
  const aloneRuns = join(root, "alone");
  const alone = await timed(async () => {
    for (let i = 0; i < runs; i++) {
      const cwd = join(root, "alone-cwd", String(i));
      mkdirSync(cwd, { recursive: true });
      await thtlAsync(
        cwd,
        {},
        "run",
        join(root, "study.thtl"),
        "--run-index",
        String(i),
        "--no-store",
        "--out",
        aloneRuns,
      );
    }
  });
  // 2, 3. Sweeps with a fresh store each (the feature cache is cleared too).
  const sweep = async (jobs) => {
    rmSync(join(root, ".cache/thtl/features"), { recursive: true, force: true });
    return timed(() =>
      thtlAsync(
        root,
        {},
        "sweep",
        "study.thtl",
        "--engine",
        "local",
        "--jobs",
        String(jobs),
        "--out",
        `sweep-${jobs}`,
        "--store",
        `store-${jobs}`,
      ),
    );
  };
  const jobs1 = await sweep(1);
  const jobs2 = await sweep(2);

  const a = work(aloneRuns);
  const s1 = work(join(root, "sweep-1/runs"));
  const s2 = work(join(root, "sweep-2/runs"));
  const images = (w) => w.full + w.suffix;
  const row = (name, w, seconds) =>
    `${name.padEnd(22)} ${String(images(w)).padStart(7)} ${String(w.full).padStart(7)} ${String(w.suffix).padStart(8)} ${String(w.trained).padStart(8)} ${String(w.reused).padStart(7)} ${seconds.toFixed(1).padStart(8)}`;
  console.log(
    `study: ${runs} runs (4 arms x ${values.seeds} seeds), fundus ${values.fundus} and larynx ${values.larynx} images at 32x32`,
  );
  console.log(
    `${"".padEnd(22)} ${"images".padStart(7)} ${"full".padStart(7)} ${"suffix".padStart(8)} ${"trained".padStart(8)} ${"reused".padStart(7)} ${"wall s".padStart(8)}`,
  );
  console.log(row("alone (no store)", a, alone));
  console.log(row("sweep --jobs 1", s1, jobs1));
  console.log(row("sweep --jobs 2", s2, jobs2));
  const ratio = images(a) / images(s1);
  console.log(
    `training work: ${ratio.toFixed(2)}x fewer images with the store (target ${TARGET}x); wall: ${(alone / jobs1).toFixed(2)}x faster than alone`,
  );
  console.log(
    `--jobs 2 against --jobs 1: ${(jobs1 / jobs2).toFixed(2)}x (wall ${jobs2.toFixed(1)} s against ${jobs1.toFixed(1)} s)`,
  );
  process.exitCode = ratio >= TARGET ? 0 : 1;
} finally {
  if (values.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
