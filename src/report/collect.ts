import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Plan, PlanRun } from "../plan/types.js";
import type { RunMetrics } from "../runtime/record-types.js";

/** A run folder as `thtl run` left it: `plan.json` (this run only) and `metrics.json`. */
export interface RunFolder {
  dir: string;
  run: PlanRun;
  metrics: RunMetrics;
}

export interface Collected {
  /** Finished runs (status `done`), sorted by experiment, model and seed. */
  runs: RunFolder[];
  /** Folders with a record that is not finished, or unreadable: `DIR: why`. */
  skipped: string[];
}

/** Every run record below the given folders (a folder may itself be a run's). */
export function collectRuns(roots: readonly string[]): Collected {
  const runs: RunFolder[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const dir of roots.flatMap(recordFolders)) {
    if (seen.has(dir)) continue;
    seen.add(dir);
    const folder = readRunFolder(dir);
    if (typeof folder === "string") skipped.push(`${dir}: ${folder}`);
    else runs.push(folder);
  }
  runs.sort(
    (x, y) =>
      compare(x.run.experiment, y.run.experiment) || compare(x.run.model, y.run.model) || x.run.seed - y.run.seed,
  );
  return { runs, skipped };
}

/** Folders holding a `metrics.json`, depth first, in name order; `checkpoint/` and `model/` are never run folders. */
function recordFolders(dir: string): string[] {
  if (existsSync(join(dir, "metrics.json"))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .flatMap((name) => recordFolders(join(dir, name)));
}

function readRunFolder(dir: string): RunFolder | string {
  let metrics: RunMetrics;
  let plan: Plan;
  try {
    metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")) as RunMetrics;
    plan = JSON.parse(readFileSync(join(dir, "plan.json"), "utf8")) as Plan;
  } catch (error) {
    return `unreadable record (${(error as Error).message})`;
  }
  const run = plan.runs?.[0];
  if (!run) return "plan.json names no run";
  if (metrics.status !== "done") return `run ${metrics.status}, not finished`;
  if (!metrics.test) return "no test split, so no test metrics";
  return { dir, run, metrics };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `path` is a folder (report arguments must be). */
export function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
