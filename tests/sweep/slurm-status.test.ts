import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Plan } from "../../src/plan/types.js";
import { newSweepRecord } from "../../src/sweep/record.js";
import { refreshSlurmStatus, slurmActive, slurmStates, type SlurmRunner } from "../../src/sweep/slurm.js";

const out = mkdtempSync(join(tmpdir(), "thtl-sweep-status-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A cluster without accounting: sacct fails, squeue lists what is queued or running. */
const noAccounting =
  (squeue: string): SlurmRunner =>
  (program) =>
    program === "sacct"
      ? { ok: false, stdout: "", stderr: "sacct: error: Slurm accounting storage is disabled" }
      : { ok: true, stdout: squeue, stderr: "" };

function sweep(runs: number) {
  const plan = { runs: Array.from({ length: runs }, (_, i) => ({ id: `e/m/seed${i}` })) } as Plan;
  const record = newSweepRecord(
    plan,
    "slurm",
    { outDir: out, planFile: join(out, "plan.json"), storeDir: "/s" },
    (i) => `logs/12_${i}.out`,
  );
  record.jobs = { array: "12", report: "13" };
  return record;
}

function recordRun(id: string, status: string) {
  mkdirSync(join(out, "runs", id), { recursive: true });
  writeFileSync(
    join(out, "runs", id, "metrics.json"),
    JSON.stringify({ runId: id, status, backend: "wasm", hops: [], test: null, error: null }),
  );
}

describe("thtl sweep --status on Slurm", () => {
  it("takes queued and running tasks from squeue, finished ones from the run records, and a task gone without a finished record as failed", () => {
    recordRun("e/m/seed1", "running");
    recordRun("e/m/seed2", "done");
    recordRun("e/m/seed3", "interrupted");
    const states = slurmStates(
      { array: "12", report: "13" },
      noAccounting("12_0 PENDING Priority\n12_1 RUNNING None\n13 PENDING Dependency\n"),
    );
    const record = refreshSlurmStatus(sweep(5), out, states);
    expect(record.runs.map((r) => r.status)).toEqual(["pending", "running", "done", "interrupted", "failed"]);
    expect(slurmActive(record, states)).toBe(true);
  });

  it("stops waiting when only a report job that can never run is left", () => {
    const states = slurmStates({ array: "12", report: "13" }, noAccounting("13 PENDING DependencyNeverSatisfied\n"));
    expect(slurmActive(sweep(1), states)).toBe(false);
  });

  it("uses sacct's states where the cluster keeps accounting", () => {
    const runner: SlurmRunner = (program) =>
      program === "sacct"
        ? { ok: true, stdout: "12_0|COMPLETED\n12_0.batch|COMPLETED\n12_1|CANCELLED by 0\n", stderr: "" }
        : { ok: true, stdout: "", stderr: "" };
    const states = slurmStates({ array: "12", report: "13" }, runner);
    expect([...states]).toEqual([
      ["12_0", "COMPLETED"],
      ["12_1", "CANCELLED"],
    ]);
  });
});
