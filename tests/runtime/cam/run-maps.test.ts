import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, expect, test } from "vitest";
import type { RunEvent } from "../../../src/runtime/events.js";
import { executePlan } from "../../../src/runtime/execute.js";
import type { RunMetrics } from "../../../src/runtime/record-types.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { chainOptions, cpuTf, tempDirs, twoHopPlan } from "../helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});
const tempDir = tempDirs("thtl-cam-run-");

test("--cam N keeps maps of N balanced validation images after every stage, at the groups the hop trains", async () => {
  const out = tempDir();
  const events: RunEvent[] = [];
  const before = tf.memory().numTensors;
  expect(await executePlan(twoHopPlan(), chainOptions(tf, out, events, { cam: 4 }))).toBe("done");
  expect(tf.memory().numTensors).toBe(before);
  const runDir = join(out, "exp", "tiny", "seed1");
  const saved = events.filter((e) => e.type === "cam:saved").map(({ time: _, ...e }) => e);
  expect(saved).toEqual([
    {
      type: "cam:saved",
      runId: "exp/tiny/seed1",
      hop: 0,
      stage: 0,
      dir: join(runDir, "cam/first/all"),
      images: 4,
      labels: ["stem", "layer1", "fused"],
    },
    {
      type: "cam:saved",
      runId: "exp/tiny/seed1",
      hop: 1,
      stage: 0,
      dir: join(runDir, "cam/second/head"),
      images: 4,
      labels: ["layer1"],
    },
    {
      type: "cam:saved",
      runId: "exp/tiny/seed1",
      hop: 1,
      stage: 1,
      dir: join(runDir, "cam/second/deeper"),
      images: 4,
      labels: ["layer1"],
    },
  ]);
  // Each right after its stage's end.
  const order = events.filter((e) => e.type === "stage:end" || e.type === "cam:saved").map((e) => e.type);
  expect(order).toEqual(["stage:end", "cam:saved", "stage:end", "cam:saved", "stage:end", "cam:saved"]);

  // Classes a, b, c alternate in the first hop's validation split: positions 0, 1, 2, then 3 (a again).
  const first = JSON.parse(readFileSync(join(runDir, "cam/first/all/maps.json"), "utf8"));
  expect(first.images.map((i: { stem: string; class: string }) => `${i.stem}:${i.class}`)).toEqual([
    "0:a",
    "1:b",
    "2:c",
    "3:a",
  ]);
  expect(first.labels).toEqual(["stem", "layer1", "fused"]);
  const schema = JSON.parse(readFileSync(new URL("../../../schema/cam-maps.schema.json", import.meta.url), "utf8"));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  expect(validate(first)).toBe(true);
  expect(validate({ ...first, images: [{ stem: "0" }] })).toBe(false);
  for (const file of ["0.stem.npy", "0.stem.png", "3.layer1.npy", "3.fused.png", "grid.png"])
    expect(existsSync(join(runDir, "cam/first/all", file)), file).toBe(true);
  expect(existsSync(join(runDir, "cam/first/images/3.png"))).toBe(true);
  // The same images for every stage of a hop.
  const head = JSON.parse(readFileSync(join(runDir, "cam/second/head/maps.json"), "utf8"));
  const deeper = JSON.parse(readFileSync(join(runDir, "cam/second/deeper/maps.json"), "utf8"));
  expect(head.images).toEqual(deeper.images);
  expect(head.images.map((i: { class: string }) => i.class)).toEqual(["x", "y", "x", "y"]);
  // A .npy map: 8 x 8 float32 after a 128-byte header, values in [0, 1].
  const npy = readFileSync(join(runDir, "cam/second/deeper/0.layer1.npy"));
  expect(npy.length).toBe(128 + 64 * 4);
  const values = new Float32Array(npy.buffer.slice(npy.byteOffset + 128, npy.byteOffset + npy.length));
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...values)).toBeLessThanOrEqual(1);

  // metrics.json records each stage's maps and their faithfulness.
  const metrics = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8")) as RunMetrics;
  const cam = metrics.hops[0]!.stages[0]!.cam!;
  expect(cam.dir).toBe("cam/first/all");
  expect(cam.layers).toEqual([
    { label: "stem", layer: "conv1_relu" },
    { label: "layer1", layer: "l1_relu" },
  ]);
  // The deepest group's maps are measured: every schedule's runs map it.
  expect(Object.keys(cam.metrics)).toEqual(["layer1"]);
  for (const m of Object.values(cam.metrics)) {
    expect(m.images).toBe(4);
    expect(m.steps).toBe(32);
    for (const v of [m.deletion, m.insertion]) expect(v >= 0 && v <= 1).toBe(true);
    for (const v of [m.averageDrop, m.increaseInConfidence]) expect(v >= 0 && v <= 100).toBe(true);
  }
  expect(metrics.hops[1]!.stages.map((s) => s.cam?.dir)).toEqual(["cam/second/head", "cam/second/deeper"]);
}, 120_000);

test("without --cam or a plan's cam, no maps are made", async () => {
  const out = tempDir();
  const events: RunEvent[] = [];
  await executePlan(twoHopPlan(), chainOptions(tf, out, events));
  expect(events.some((e) => e.type === "cam:saved")).toBe(false);
  expect(existsSync(join(out, "exp/tiny/seed1/cam"))).toBe(false);
}, 120_000);
