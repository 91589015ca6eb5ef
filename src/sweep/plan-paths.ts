import { posix, resolve } from "node:path";
import type { Plan, PlanData, PlanRun } from "../plan/types.js";

/**
 * The plan with every data and weights path made absolute, so that it runs from any folder:
 * `OUT/plan.json` on a shared filesystem, or the ConfigMap in a pod. `base` resolves the
 * paths as compiled (relative to the source's folder); `join` puts them under another root
 * (`posix.join` for a pod's filesystem).
 */
export function rebasePlan(plan: Plan, place: (path: string) => string): Plan {
  return { ...plan, runs: plan.runs.map((run) => rebaseRun(run, place)) };
}

/** Paths resolved on this machine, against the folder the plan's paths are relative to. */
export function absoluteOn(baseDir: string): (path: string) => string {
  return (path) => resolve(baseDir, path);
}

/** Paths under `root` on another machine (a pod), kept relative to it as compiled. */
export function under(root: string): (path: string) => string {
  return (path) => posix.join(root, path);
}

function rebaseRun(run: PlanRun, place: (path: string) => string): PlanRun {
  const init = run.init.kind === "weights" ? { ...run.init, path: place(run.init.path) } : run.init;
  return { ...run, init, hops: run.hops.map((hop) => ({ ...hop, data: rebaseData(hop.data, place) })) };
}

function rebaseData(data: PlanData, place: (path: string) => string): PlanData {
  if (data.kind === "imagefolder") return { ...data, path: place(data.path) };
  if (data.kind === "csv") return { ...data, path: place(data.path), root: place(data.root) };
  return data;
}
