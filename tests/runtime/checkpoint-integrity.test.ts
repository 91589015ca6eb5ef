import { openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src/runtime/events.js";
import { executePlan } from "../../src/runtime/execute.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { chainOptions, cpuTf, tempDirs, twoHopPlan } from "./helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

const tempDir = tempDirs("thtl-checkpoint-");

/** A run of `twoHopPlan` stopped by Ctrl-C after 5 batches; returns its checkpoint folder. */
async function interruptedRun(out: string): Promise<string> {
  let batches = 0;
  expect(await executePlan(twoHopPlan(), chainOptions(tf, out, [], { interrupted: () => ++batches >= 5 }))).toBe(
    "interrupted",
  );
  return join(out, "exp/tiny/seed1/checkpoint");
}

/** Resumes it: the failure `run:end` reports, and whether any training happened. */
async function resume(out: string) {
  const events: RunEvent[] = [];
  const status = await executePlan(twoHopPlan(), chainOptions(tf, out, events, { resume: true }));
  const end = events.find((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>;
  return { status, error: end.error, trained: events.some((e) => e.type === "stage:start" || e.type === "batch:end") };
}

const advice = "nothing was trained from it; run without --resume and with --force to start this run over";

describe("--resume checks every checkpoint file against the checksum recorded when it was written", () => {
  it("records a sha256 per file", async () => {
    const dir = await interruptedRun(tempDir());
    const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8")) as {
      files: { weights: { file: string; sha256: string }[] };
    };
    expect(state.files.weights.length).toBeGreaterThan(0);
    for (const ref of state.files.weights) expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses weights whose bytes were overwritten, by name, and trains nothing", async () => {
    const out = tempDir();
    const dir = await interruptedRun(out);
    const weights = readdirSync(dir).find((name) => name.startsWith("weights-"))!;
    const fd = openSync(join(dir, weights), "r+");
    writeSync(fd, new Uint8Array(16).fill(0xff), 0, 16, 8);
    closeSync(fd);
    expect(await resume(out)).toEqual({
      status: "failed",
      error: `THTL4008: the checkpoint of exp/tiny/seed1 is damaged: '${join(dir, weights)}' does not match the checksum recorded when it was written; ${advice}`,
      trained: false,
    });
  });

  it("refuses a missing file and a state.json that is not JSON", async () => {
    const out = tempDir();
    const dir = await interruptedRun(out);
    const optimizer = readdirSync(dir).find((name) => name.startsWith("optimizer-"))!;
    rmSync(join(dir, optimizer));
    expect((await resume(out)).error).toBe(
      `THTL4008: the checkpoint of exp/tiny/seed1 is damaged: '${join(dir, optimizer)}' is missing; ${advice}`,
    );
    writeFileSync(join(dir, "state.json"), '{"format": 1, "runId": ');
    expect((await resume(out)).error).toBe(
      `THTL4008: the checkpoint of exp/tiny/seed1 is damaged: '${join(dir, "state.json")}' is not valid JSON; ${advice}`,
    );
  });

  it("resumes an intact checkpoint", async () => {
    const out = tempDir();
    await interruptedRun(out);
    expect(await resume(out)).toMatchObject({ status: "done", error: null, trained: true });
  });
});
