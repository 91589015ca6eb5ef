import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomic-write.js";
import { recordedStatus, writeSweepRecord } from "./record.js";
import { arrayScript, reportScript } from "./slurm-scripts.js";
import type { SlurmOptions, SweepRecord, SweepRunStatus, SweepSetup } from "./types.js";

/** A Slurm command's output, or why it could not run. */
export interface SlurmCall {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export type SlurmRunner = (program: string, args: string[]) => SlurmCall;

export const runSlurmCommand: SlurmRunner = (program, args) => {
  const result = spawnSync(program, args, { encoding: "utf8" });
  if (result.error)
    return {
      ok: false,
      stdout: "",
      stderr: `${program}: ${(result.error as NodeJS.ErrnoException).code === "ENOENT" ? "not found (is this a Slurm login node?)" : result.error.message}`,
    };
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr.trim() };
};

/** Writes OUT/slurm/array.sh and report.sh; returns their paths and texts. */
export function writeSlurmScripts(name: string, record: SweepRecord, setup: SweepSetup, options: SlurmOptions) {
  const dir = join(setup.outDir, "slurm");
  mkdirSync(join(setup.outDir, "logs"), { recursive: true });
  const scripts = {
    array: arrayScript(name, record.runs.length, setup, options),
    report: reportScript(name, setup, options),
  };
  const paths = { array: join(dir, "array.sh"), report: join(dir, "report.sh") };
  writeFileAtomic(paths.array, scripts.array);
  writeFileAtomic(paths.report, scripts.report);
  return { paths, scripts };
}

/**
 * Submits the array, then the report job depending on it (`afterok`: it runs once every task
 * succeeded, and `kill_invalid_depend`-style clusters cancel it when one fails).
 */
export function submitSlurm(
  paths: { array: string; report: string },
  run: SlurmRunner = runSlurmCommand,
): { array: string; report: string } | { error: string } {
  const array = run("sbatch", ["--parsable", paths.array]);
  if (!array.ok) return { error: `sbatch ${paths.array} failed: ${array.stderr}` };
  const arrayId = array.stdout.trim().split(";")[0]!;
  const report = run("sbatch", ["--parsable", `--dependency=afterok:${arrayId}`, paths.report]);
  if (!report.ok) return { error: `sbatch ${paths.report} failed: ${report.stderr}` };
  return { array: arrayId, report: report.stdout.trim().split(";")[0]! };
}

/** Slurm's states by job id (`123_4` for array tasks), from squeue, then sacct where accounting is on. */
export function slurmStates(
  jobs: { array: string; report: string },
  run: SlurmRunner = runSlurmCommand,
): Map<string, string> {
  const states = new Map<string, string>();
  const accounted = run("sacct", [
    "--noheader",
    "--parsable2",
    "--format=JobID,State",
    "--jobs",
    `${jobs.array},${jobs.report}`,
  ]);
  if (accounted.ok) {
    for (const line of accounted.stdout.split("\n")) {
      const [id, state] = line.split("|");
      if (id && state && !id.includes(".")) states.set(id, state.split(" ")[0]!);
    }
  }
  // squeue knows the jobs that are still queued or running, with or without accounting.
  const queued = run("squeue", [
    "--noheader",
    "--array",
    "--jobs",
    `${jobs.array},${jobs.report}`,
    "--format=%i %T %r",
  ]);
  if (queued.ok) {
    for (const line of queued.stdout.split("\n")) {
      const [id, state, reason] = line.trim().split(/\s+/);
      // A report job whose array failed, on clusters without kill_invalid_depend: it never runs.
      if (id && state) states.set(id, reason === "DependencyNeverSatisfied" ? "NEVER" : state);
    }
  }
  return states;
}

const ACTIVE: Record<string, SweepRunStatus> = {
  PENDING: "pending",
  CONFIGURING: "running",
  RUNNING: "running",
  COMPLETING: "running",
  REQUEUED: "pending",
  SUSPENDED: "running",
};

/**
 * Each run's status: Slurm's while its task is queued or running; after, what its record says
 * (without accounting Slurm forgets finished jobs), a task that ended with no finished record
 * being failed.
 */
export function refreshSlurmStatus(record: SweepRecord, outDir: string, states: Map<string, string>): SweepRecord {
  for (const run of record.runs) {
    const state = record.jobs ? states.get(`${record.jobs.array}_${run.index}`) : undefined;
    const active = state ? ACTIVE[state] : undefined;
    const recorded = recordedStatus(outDir, run);
    if (!record.jobs) run.status = "pending";
    else if (active) run.status = active;
    else if (recorded === "done" || recorded === "interrupted") run.status = recorded;
    else run.status = "failed";
  }
  writeSweepRecord(outDir, record);
  return record;
}

/** Whether any of the sweep's jobs is still queued or running. */
export function slurmActive(record: SweepRecord, states: Map<string, string>): boolean {
  if (!record.jobs) return false;
  const { array, report } = record.jobs;
  return [...states].some(
    ([id, state]) => (id === report || id === array || id.startsWith(`${array}_`)) && ACTIVE[state] !== undefined,
  );
}
