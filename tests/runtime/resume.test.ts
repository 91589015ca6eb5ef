import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/runtime/events.js";
import { executePlan } from "../../src/runtime/execute.js";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { chainOptions, cpuTf, tempDirs, twoHopPlan } from "./helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

const tempDir = tempDirs("thtl-resume-");

const metricsOf = (out: string) =>
  JSON.parse(readFileSync(join(out, "exp/tiny/seed1/metrics.json"), "utf8")) as RunMetrics;

describe("resume", () => {
  it("continues an interrupted run to exactly the metrics of an uninterrupted one", async () => {
    const straight = tempDir();
    await executePlan(twoHopPlan(), chainOptions(tf, straight, []));
    // Ctrl-C inside an epoch of hop 1, after the last batch of hop 1, inside a `keep best` stage of hop 2.
    for (const [after, resumedAt] of [
      [14, 5],
      [18, 1],
      [25, 2],
    ] as const) {
      const out = tempDir();
      let batches = 0;
      const events: RunEvent[] = [];
      const interrupted = chainOptions(tf, out, events, { interrupted: () => ++batches >= after });
      expect(await executePlan(twoHopPlan(), interrupted)).toBe("interrupted");
      const end = events.find((e) => e.type === "plan:end") as Extract<RunEvent, { type: "plan:end" }>;
      expect(end.resume).toBe("thtl run test.thtl --resume");
      expect(metricsOf(out).status).toBe("interrupted");
      const resumed: RunEvent[] = [];
      expect(await executePlan(twoHopPlan(), chainOptions(tf, out, resumed, { resume: true }))).toBe("done");
      const start = resumed.find((e) => e.type === "stage:start") as Extract<RunEvent, { type: "stage:start" }>;
      expect(start.resumedAtEpoch, `after ${after} batches`).toBe(resumedAt);
      expect(metricsOf(out).hops, `after ${after} batches`).toEqual(metricsOf(straight).hops);
    }
  });

  it("refuses a checkpoint whose stage the plan no longer has", async () => {
    const out = tempDir();
    let batches = 0;
    await executePlan(twoHopPlan(), chainOptions(tf, out, [], { interrupted: () => ++batches >= 5 }));
    const changed = twoHopPlan();
    changed.runs[0]!.hops[0]!.stages[0]!.hash = "changed";
    const events: RunEvent[] = [];
    expect(await executePlan(changed, chainOptions(tf, out, events, { resume: true }))).toBe("failed");
    const end = events.find((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>;
    expect(end.error).toBe(
      "THTL4005: the checkpoint of exp/tiny/seed1 (hop 1, stage 'all', epoch 1) does not match the plan any more: the stage or something upstream of it changed; run without --resume and with --force to start this run over",
    );
  });

  it("survives SIGKILL at random moments: kill, resume, kill, resume equals one uninterrupted run", async () => {
    const child = join(import.meta.dirname, "fixtures", "ts-child.mjs");
    const script = join(import.meta.dirname, "fixtures", "train-child.ts");
    const start = (out: string, mode: string) =>
      spawn(process.execPath, [child, script, out, mode], { stdio: ["ignore", "pipe", "pipe"] });
    const finish = (proc: ReturnType<typeof start>) =>
      new Promise<number | string | null>((resolve) => proc.on("exit", (code, signal) => resolve(signal ?? code)));

    const straight = tempDir();
    expect(await finish(start(straight, "fresh"))).toBe(0);

    const out = tempDir();
    const kills: number[] = [];
    for (let attempt = 0; attempt < 2; attempt++) {
      const proc = start(out, attempt === 0 ? "fresh" : "resume");
      // The run prints about 20 progress lines; kill after a random number of them (1..10, then
      // 1..5) plus a random delay (0..30 ms), so that both kills land before the end.
      const after = 1 + Math.floor(Math.random() * (attempt === 0 ? 10 : 5));
      kills.push(after);
      let seen = 0;
      proc.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk
          .toString()
          .split("\n")
          .filter((l) => l.endsWith(":end")).length;
        if (seen >= after) setTimeout(() => proc.kill("SIGKILL"), Math.random() * 30);
      });
      expect(await finish(proc), `killed after ${after} lines`).toBe("SIGKILL");
    }
    const last = start(out, "resume");
    expect(await finish(last), `killed after batches ${kills.join(", ")}`).toBe(0);
    expect(metricsOf(out).hops, `killed after batches ${kills.join(", ")}`).toEqual(metricsOf(straight).hops);
  }, 120_000);
});
