import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/types.js";
import type { EventOf, RunEvent } from "../../../src/runtime/events.js";
import { executePlan } from "../../../src/runtime/execute.js";
import type { RunMetrics } from "../../../src/runtime/record-types.js";
import { StageStore } from "../../../src/runtime/store/stage-store.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { chainOptions, cpuTf, memoryData, tempDirs, twoHopPlan } from "../helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

const tempDir = tempDirs("thtl-reuse-");

/** The same run under another experiment name, with its first stage renamed: names are not part of a stage's identity. */
function renamed(): Plan {
  const plan = twoHopPlan();
  const run = plan.runs[0]!;
  run.id = "other/tiny/seed1";
  run.experiment = "other";
  run.hops[0]!.stages[0]!.name = "everything";
  return plan;
}

const recordOf = (out: string, id: string) => join(out, ...id.split("/"));
const metricsOf = (out: string, id: string) =>
  JSON.parse(readFileSync(join(recordOf(out, id), "metrics.json"), "utf8")) as RunMetrics;
const weightsOf = (out: string, id: string) => readFileSync(join(recordOf(out, id), "model", "weights.bin"));
const withoutNames = (metrics: RunMetrics) =>
  metrics.hops.map((hop) => ({ ...hop, stages: hop.stages.map(({ name: _n, reusedFrom: _r, ...rest }) => rest) }));

describe("the stage store in a run", () => {
  it("reuses every stage of a run whose stages have the same hashes, to bit-identical weights and equal metrics", async () => {
    const store = new StageStore(tempDir());
    const first = tempDir();
    expect(await executePlan(twoHopPlan(), chainOptions(tf, first, [], { store }))).toBe("done");

    const second = tempDir();
    const events: RunEvent[] = [];
    expect(await executePlan(renamed(), chainOptions(tf, second, events, { store }))).toBe("done");
    expect(events.filter((e) => e.type === "epoch:start")).toEqual([]);
    const reused = events.filter((e): e is EventOf<"stage:reused"> => e.type === "stage:reused");
    expect(reused.map((e) => [e.hop, e.stage, e.name, e.from])).toEqual([
      [0, 0, "everything", "exp/tiny/seed1/all"],
      [1, 0, "head", "exp/tiny/seed1/head"],
      [1, 1, "deeper", "exp/tiny/seed1/deeper"],
    ]);
    const metrics = metricsOf(second, "other/tiny/seed1");
    expect(metrics.hops.flatMap((h) => h.stages.map((s) => [s.name, s.reusedFrom]))).toEqual([
      ["everything", "exp/tiny/seed1/all"],
      ["head", "exp/tiny/seed1/head"],
      ["deeper", "exp/tiny/seed1/deeper"],
    ]);
    expect(withoutNames(metrics)).toEqual(withoutNames(metricsOf(first, "exp/tiny/seed1")));
    expect(metrics.test).toEqual(metricsOf(first, "exp/tiny/seed1").test);
    expect(weightsOf(second, "other/tiny/seed1").equals(weightsOf(first, "exp/tiny/seed1"))).toBe(true);
  });

  it("reuses the shared first hop and trains the rest to exactly what training the whole run gives", async () => {
    const store = new StageStore(tempDir());
    await executePlan(twoHopPlan(), chainOptions(tf, tempDir(), [], { store }));
    // Another arm: the same first hop, a different second hop (its stages' hashes differ).
    const arm = (): Plan => {
      const plan = renamed();
      const stages = plan.runs[0]!.hops[1]!.stages;
      stages[0]!.epochs = 3;
      stages.forEach((s) => (s.hash = `${s.hash}-arm`));
      return plan;
    };
    const withStore = tempDir();
    const events: RunEvent[] = [];
    expect(await executePlan(arm(), chainOptions(tf, withStore, events, { store }))).toBe("done");
    expect(events.filter((e) => e.type === "stage:reused").map((e) => (e as EventOf<"stage:reused">).from)).toEqual([
      "exp/tiny/seed1/all",
    ]);
    expect(events.filter((e) => e.type === "stage:start").map((e) => (e as EventOf<"stage:start">).name)).toEqual([
      "head",
      "deeper",
    ]);

    const alone = tempDir();
    expect(await executePlan(arm(), chainOptions(tf, alone, []))).toBe("done");
    const id = "other/tiny/seed1";
    expect(withoutNames(metricsOf(withStore, id))).toEqual(withoutNames(metricsOf(alone, id)));
    expect(weightsOf(withStore, id).equals(weightsOf(alone, id))).toBe(true);
  });

  it("trains again when the data of an upstream hop changed, though the plan is the same", async () => {
    const store = new StageStore(tempDir());
    await executePlan(twoHopPlan(), chainOptions(tf, tempDir(), [], { store }));
    const events: RunEvent[] = [];
    const base = chainOptions(tf, tempDir(), events, { store });
    // The first hop's images drawn with another seed: same plan, other contents.
    const other = memoryData("first", ["a", "b", "c"], { train: 24, val: 9, test: 9 }, 6);
    const changed = { ...base, loadData: async (id: string, h: number) => (h === 0 ? other : base.loadData(id, h)) };
    expect(await executePlan(twoHopPlan(), changed)).toBe("done");
    expect(events.filter((e) => e.type === "stage:start")).toHaveLength(3);
    expect(events.some((e) => e.type === "stage:reused")).toBe(false);
  });
});
