import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/types.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { executePlan } from "../../src/runtime/execute.js";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { chainOptions, cpuTf, tempDirs, tinyFactory, twoHopPlan } from "./helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

const tempDir = tempDirs("thtl-exec-");

describe("executePlan", () => {
  it("trains a two-hop chain and writes the run record", async () => {
    const out = tempDir();
    const events: RunEvent[] = [];
    const status = await executePlan(twoHopPlan(), chainOptions(tf, out, events));
    expect(status).toBe("done");
    const types = events.filter((e) => e.type !== "batch:end" && e.type !== "epoch:start").map((e) => e.type);
    expect(types).toEqual([
      "plan:start",
      "run:start",
      "hop:start",
      "stage:start",
      ...Array(6).fill("epoch:end"),
      "stage:end",
      "hop:end",
      "hop:start",
      "stage:start",
      "epoch:end",
      "epoch:end",
      "stage:end",
      "stage:start",
      "epoch:end",
      "epoch:end",
      "stage:end",
      "hop:end",
      "run:end",
      "plan:end",
    ]);
    const runDir = join(out, "exp", "tiny", "seed1");
    for (const file of [
      "plan.json",
      "events.jsonl",
      "metrics.json",
      "splits/first.json",
      "splits/second.json",
      "model/model.json",
      "model/weights.bin",
      "checkpoint/state.json",
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(runDir, "metrics.json"), "utf8")) as RunMetrics;
    expect(metrics.status).toBe("done");
    expect(metrics.hops.map((h) => h.stages.map((s) => s.epochs.length))).toEqual([[6], [2, 2]]);
    expect(metrics.hops[1]!.test!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(8);
    expect(metrics.hops[0]!.test!.acc).toBeGreaterThan(0.5);
    const splits = JSON.parse(readFileSync(join(runDir, "splits/second.json"), "utf8"));
    expect(splits.train).toHaveLength(16);
    const recorded = readFileSync(join(runDir, "events.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).type);
    expect(recorded[0]).toBe("run:start");
    expect(recorded).not.toContain("batch:end");
    // The last stage trains layer1 and head: the stem's weights sit in a file written once per stage.
    const state = JSON.parse(readFileSync(join(runDir, "checkpoint/state.json"), "utf8"));
    expect(state.files.weights[0].file).toBe("frozen-h1-s1.bin");
    expect(state.files.weights[1].file).toMatch(/^weights-h1-s1-e2-done-[0-9a-z]+\.bin$/);
    expect(state.files.weights[0].manifest.map((m: { name: string }) => m.name)).toEqual([
      "conv1_conv/kernel",
      "conv1_conv/bias",
      "conv1_bn/gamma",
      "conv1_bn/beta",
      "conv1_bn/moving_mean",
      "conv1_bn/moving_variance",
    ]);
    const plan = JSON.parse(readFileSync(join(runDir, "plan.json"), "utf8")) as Plan;
    expect(plan.runs.map((r) => r.id)).toEqual(["exp/tiny/seed1"]);
  });

  it("gives the same metrics for the same plan, seed and backend", async () => {
    const read = async () => {
      const out = tempDir();
      // With dropout, whose masks must be seeded too.
      await executePlan(twoHopPlan(3), chainOptions(tf, out, [], { buildModel: tinyFactory(tf, { dropout: 0.3 }) }));
      const m = JSON.parse(readFileSync(join(out, "exp/tiny/seed3/metrics.json"), "utf8")) as RunMetrics;
      return m.hops;
    };
    expect(await read()).toEqual(await read());
  });

  it("reuses a finished run with the same stage hashes unless forced", async () => {
    const out = tempDir();
    await executePlan(twoHopPlan(), chainOptions(tf, out, []));
    const again: RunEvent[] = [];
    await executePlan(twoHopPlan(), chainOptions(tf, out, again));
    expect(again.filter((e) => e.type === "run:end").map((e) => (e as { status: string }).status)).toEqual(["reused"]);
    expect(again.some((e) => e.type === "stage:start")).toBe(false);
    const forced: RunEvent[] = [];
    await executePlan(twoHopPlan(), chainOptions(tf, out, forced, { force: true }));
    expect(forced.filter((e) => e.type === "stage:start")).toHaveLength(3);
  });

  it("fails loudly when the model's trainable parameters differ from the plan's", async () => {
    const plan = twoHopPlan();
    plan.runs[0]!.hops[0]!.stages[0]!.trainableParams = 999;
    const events: RunEvent[] = [];
    expect(await executePlan(plan, chainOptions(tf, tempDir(), events))).toBe("failed");
    const end = events.find((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>;
    expect(end.status).toBe("failed");
    expect(end.error).toBe(
      "THTL4003: stage 'all' of exp/tiny/seed1 would train 291 parameters but the plan says 999; the model and the plan disagree (recompile the plan with this version of thtl)",
    );
  });

  it("an internal error fails its run only: recorded with the error, and the next run goes on", async () => {
    const plan = { ...twoHopPlan(1), runs: [...twoHopPlan(1).runs, ...twoHopPlan(2).runs] };
    const events: RunEvent[] = [];
    const factory = tinyFactory(tf);
    const buildModel: typeof factory = async (run, classes, seed) => {
      if (run.id === "exp/tiny/seed1") throw new TypeError("Cannot read properties of undefined (reading 'read')");
      return factory(run, classes, seed);
    };
    const out = tempDir();
    expect(await executePlan(plan, chainOptions(tf, out, events, { buildModel }))).toBe("failed");
    const ends = events.filter((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>[];
    expect(ends.map((e) => [e.runId, e.status, e.error])).toEqual([
      ["exp/tiny/seed1", "failed", "internal error: Cannot read properties of undefined (reading 'read')"],
      ["exp/tiny/seed2", "done", null],
    ]);
    const metrics = JSON.parse(readFileSync(join(ends[0]!.outDir, "metrics.json"), "utf8")) as RunMetrics;
    expect(metrics).toMatchObject({
      status: "failed",
      error: "internal error: Cannot read properties of undefined (reading 'read')",
    });
    const recorded = readFileSync(join(ends[0]!.outDir, "events.jsonl"), "utf8");
    expect(recorded).toContain('"error":"internal error: Cannot read properties of undefined (reading \'read\')"');
  });
});
