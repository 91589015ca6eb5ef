import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import type { RunMetrics } from "../../src/runtime/record-types.js";

/**
 * Two experiments whose runs share their first hop (the same stage for a model and seed), then
 * differ: a sweep trains that hop once. Tiny: a 1/8-width ResNet18 on 32x32 images.
 */
export const TWO_ARMS = `version 1
model tiny { arch resnet18; width 0.125 }
domain shapes {
  data synth natural 24
  split 50/25/25 seed 1
  image 32x32
}
domain other {
  data synth fundus 24
  split 50/25/25 seed 1
  image 32x32
}
schedule base {
  stage head { train head; epochs 1; batch 4 }
}
experiment a {
  models tiny
  chain scratch -> shapes with base -> other with { stage all { train all; epochs 1; batch 4 } }
}
experiment b {
  models tiny
  chain scratch -> shapes with base -> other with { stage last { train all; epochs 4; batch 4 } }
}
`;

/** A temporary project folder with `study.thtl`, removed after the test file. */
export function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "thtl-sweep-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "study.thtl"), TWO_ARMS);
  return dir;
}

/** `thtl ARGS` in this process, in `cwd`. */
export async function thtl(cwd: string, ...args: string[]) {
  return thtlWith({}, cwd, ...args);
}

export async function thtlWith(env: Record<string, string>, cwd: string, ...args: string[]) {
  const record = recordingIO({ cwd, env });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
}

export const ROOT = new URL("../../", import.meta.url).pathname;

/** Sweeps start the built CLI (`bin/thtl.js`); a `dist/` older than the sources would test old code. */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  const built = (() => {
    try {
      return statSync(join(ROOT, "dist/cli/commands/sweep.js")).mtimeMs;
    } catch {
      return 0;
    }
  })();
  // Tests never write the working copy, dist/ included: building is `npm run build`'s job.
  if (built < newest(join(ROOT, "src")))
    throw new Error("dist/ is older than src/: run `npm run build` first (the sweep tests start the built CLI)");
}

/**
 * Each run trained alone by the built CLI, without the store, in as many wasm threads as the
 * sweep's jobs had: the reference a sweep's metrics must equal.
 */
export async function referenceRuns(dir: string, out: string, threads: number): Promise<void> {
  const proc = spawn(process.execPath, [join(ROOT, "bin/thtl.js"), "run", "study.thtl", "--no-store", "--out", out], {
    cwd: dir,
    env: { ...process.env, THTL_WASM_THREADS: String(threads) },
    stdio: "ignore",
  });
  const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
  if (code !== 0) throw new Error(`the reference thtl run exited with ${code}`);
}

/** A run's metrics without what differs between training and reusing a stage: its name and `reusedFrom`. */
export function comparableMetrics(runDir: string) {
  const metrics = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8")) as RunMetrics;
  return {
    test: metrics.test,
    hops: metrics.hops.map((hop) => ({ ...hop, stages: hop.stages.map(({ reusedFrom: _r, ...stage }) => stage) })),
  };
}
