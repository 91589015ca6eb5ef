// Benchmark: `thtl diff` on two 50-run plans against a bare `node -e 0` start, in the same run.
// Target: the diff takes at most 4x the bare start (median wall time of several runs).
// Run `npm run build` first; this script imports the compiler from dist/ to make the plans.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFile } from "../dist/compile/index.js";

const BIN = fileURLToPath(new URL("../bin/thtl.js", import.meta.url));
const REPEATS = 9;
const TARGET = 4;

/** 5 experiments x 5 models x 2 seeds = 50 runs, each a three-domain chain with 6 stages. */
function design(headLr) {
  const models = "resnet18, resnet34, resnet50, vgg16, mobilenet_v2";
  const experiments = ["a", "b", "c", "d", "e"].map(
    (name) =>
      `experiment ${name} {\n  models ${models}\n  seeds 1, 2\n  chain imagenet -> fundus with full -> larynx with swft\n}\n`,
  );
  return `version 1
domain imagenet { weights "weights/{model}-imagenet" }
domain fundus { data imagefolder "data/fundus"; classes a, b, c, d, e; split 80/20 seed 7; image 64x64; augment hflip, rotate 15 }
domain larynx { data imagefolder "data/larynx"; classes benign, malignant; split 70/15/15 seed 7; image 64x64 }
schedule full { stage all { train all; epochs 20; lr 1e-4 } }
schedule swft {
  defaults { epochs 5; batch 32; optimizer adam; lr 1e-4 }
  stage head { train head; lr ${headLr} }
  stage last2 { unfreeze last 2 }
  stage last3 { unfreeze last 3 }
  stage last4 { unfreeze last 4 }
  stage rest { train all }
}
${experiments.join("\n")}`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(args, cwd) {
  const samples = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, args, { cwd, stdio: "ignore" });
    } catch (error) {
      if (error.status !== 1) throw error; // --exit-code: 1 means the plans differ
    }
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

const dir = mkdtempSync(join(tmpdir(), "thtl-diff-bench-"));
try {
  for (const [name, lr] of [
    ["old", "1e-3"],
    ["new", "5e-4"],
  ]) {
    writeFileSync(join(dir, `${name}.thtl`), design(lr));
    const { plan, diagnostics } = compileFile(join(dir, `${name}.thtl`));
    if (!plan)
      throw new Error(`the benchmark design does not compile:\n${diagnostics.map((d) => d.message).join("\n")}`);
    if (plan.runs.length !== 50) throw new Error(`expected 50 runs, got ${plan.runs.length}`);
    writeFileSync(join(dir, `${name}.plan.json`), JSON.stringify(plan));
  }
  const bare = time(["-e", "0"], dir);
  const plans = time([BIN, "diff", "old.plan.json", "new.plan.json", "--exit-code"], dir);
  const sources = time([BIN, "diff", "old.thtl", "new.thtl", "--exit-code"], dir);
  const ratio = plans / bare;
  console.log(`node -e 0:                          ${bare.toFixed(1)} ms (median of ${REPEATS})`);
  console.log(
    `thtl diff old.plan.json new.plan.json: ${plans.toFixed(1)} ms  ratio ${ratio.toFixed(2)}x (target <= ${TARGET}x)`,
  );
  console.log(
    `thtl diff old.thtl new.thtl:           ${sources.toFixed(1)} ms  ratio ${(sources / bare).toFixed(2)}x (includes compiling both sides)`,
  );
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
