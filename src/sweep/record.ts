import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Plan } from "../plan/types.js";
import type { RunMetrics } from "../runtime/record-types.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { Engine, SweepRecord, SweepRun, SweepRunStatus } from "./types.js";

export const SWEEP_FILE = "sweep.json";

/** Where run I's record lives: `OUT/runs/EXPERIMENT/MODEL/seedN`, as `thtl run --out OUT/runs` writes it. */
export function runRecordDir(outDir: string, id: string): string {
  return join(outDir, "runs", ...id.split("/"));
}

/** A fresh record: every run pending. `log` names each run's log file, relative to OUT. */
export function newSweepRecord(
  plan: Plan,
  engine: Engine,
  setup: { outDir: string; planFile: string; storeDir: string },
  log: (index: number) => string,
): SweepRecord {
  const runs = plan.runs.map((run, index): SweepRun => ({
    index,
    id: run.id,
    status: "pending",
    record: relative(setup.outDir, runRecordDir(setup.outDir, run.id)),
    log: log(index),
  }));
  return {
    sweepVersion: 1,
    engine,
    plan: relative(setup.outDir, setup.planFile),
    store: setup.storeDir,
    jobs: null,
    runs,
    stages: { trained: 0, reused: 0 },
    updated: new Date().toISOString(),
  };
}

export function readSweepRecord(outDir: string): SweepRecord | null {
  const path = join(outDir, SWEEP_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as SweepRecord) : null;
}

/** Counts the stages of the runs' records, then writes `OUT/sweep.json`. */
export function writeSweepRecord(outDir: string, record: SweepRecord): void {
  record.stages = countStages(outDir, record.runs);
  record.updated = new Date().toISOString();
  writeFileAtomic(join(outDir, SWEEP_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** A run's `metrics.json`, or null before it has one. */
export function runMetrics(outDir: string, run: SweepRun): RunMetrics | null {
  const path = join(outDir, run.record, "metrics.json");
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunMetrics;
  } catch {
    return null;
  }
}

/** What the run's record says of it: null when it has none yet. */
export function recordedStatus(outDir: string, run: SweepRun): SweepRunStatus | null {
  const metrics = runMetrics(outDir, run);
  if (!metrics) return null;
  return metrics.status === "running" ? "running" : metrics.status;
}

function countStages(outDir: string, runs: SweepRun[]): SweepRecord["stages"] {
  const stages = { trained: 0, reused: 0 };
  for (const run of runs) {
    for (const hop of runMetrics(outDir, run)?.hops ?? []) {
      for (const stage of hop?.stages ?? []) {
        if (!stage?.done) continue;
        if (stage.reusedFrom) stages.reused += 1;
        else stages.trained += 1;
      }
    }
  }
  return stages;
}
