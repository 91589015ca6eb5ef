import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, expect, test } from "vitest";
import { recordingIO } from "../../../src/util/io.js";
import { main } from "../../../src/cli/main.js";
import type { RunEvent } from "../../../src/runtime/events.js";
import { executePlan } from "../../../src/runtime/execute.js";
import { chainOptions, cpuTf, tempDirs, twoHopPlan } from "../helpers.js";

const tempDir = tempDirs("thtl-cam-compare-");
let out: string;
beforeAll(async () => {
  const tf = await cpuTf();
  out = tempDir();
  const events: RunEvent[] = [];
  await executePlan(twoHopPlan(1), chainOptions(tf, out, events, { cam: 3 }));
  await executePlan(twoHopPlan(2), chainOptions(tf, out, events));
}, 120_000);

test("--compare draws the target domain's images by runs and stages", async () => {
  const record = recordingIO({ cwd: out });
  const code = await main(["cam", "--compare", "exp/tiny/seed1", "exp/tiny/seed1", "--out", "figures"], record.io);
  expect(record.err).toBe("");
  expect(code).toBe(0);
  expect(record.out).toBe("figures/compare.second.png: second, maps at layer1, 2 runs by stage\n");
  // 3 rows of 8x8 images drawn 20x (160 px) with 4 px gaps under a 22 px header; 4 columns (2 stages x 2).
  const meta = await sharp(join(out, "figures/compare.second.png")).metadata();
  expect(meta.height).toBe(22 + 3 * 164);
  expect(meta.width! > 4 * 164).toBe(true);
});

test("--compare explains a run without maps, and a group no run mapped", async () => {
  const record = recordingIO({ cwd: out });
  expect(await main(["cam", "--compare", "exp/tiny/seed1", "exp/tiny/seed2"], record.io)).toBe(1);
  expect(record.err).toBe(
    "thtl cam: run exp/tiny/seed2 kept no maps of its last hop: train it with `thtl run --cam N`\n",
  );
  const second = recordingIO({ cwd: out });
  expect(await main(["cam", "--compare", "exp/tiny/seed1", "--layer", "stem"], second.io)).toBe(1);
  expect(second.err).toBe("thtl cam: exp · head has no maps at 'stem' (it has layer1): choose one with --layer\n");
});
