import { resolve } from "node:path";
import type { Plan } from "../../plan/types.js";
import { interruptedRuns } from "../../runtime/execute.js";
import { failureText, RunFailure } from "../../diagnostics/run-failure.js";
import { loadPlanData, type PlanData } from "../../runtime/hop-data.js";
import { resolveWeightsPath } from "../../runtime/weights/load-weights.js";
import { EXIT_PROBLEMS } from "../command.js";
import type { TrainOptions } from "./train-options.js";

/**
 * What must hold before anything trains: no interrupted run about to be overwritten, every
 * weights domain's files present, every domain's data readable. Returns the loaded data, or the
 * exit code after printing the problems.
 */
export async function preflight(plan: Plan, options: TrainOptions): Promise<PlanData | number> {
  const { io } = options;
  const interrupted = options.resume || options.force ? [] : interruptedRuns(plan, options.outDir);
  if (interrupted.length > 0) {
    const runs = `${interrupted.length === 1 ? "run" : "runs"} ${interrupted.join(", ")}`;
    io.stderr(
      `thtl run: ${runs} stopped before finishing; continue with\n  ${options.resumeCommand}\nor start over with --force.\n`,
    );
    return EXIT_PROBLEMS;
  }
  const missing = missingWeights(plan, options.baseDir);
  if (missing.length > 0) {
    for (const failure of missing) io.stderr(`thtl run: error ${failureText(failure)}\n`);
    return EXIT_PROBLEMS;
  }
  const data = await loadPlanData(plan, options);
  if (data.problems.length > 0) {
    for (const p of data.problems) io.stderr(`${p.file}: error ${p.code}: ${p.message}\n`);
    io.stderr(
      `thtl run: ${data.problems.length} data ${data.problems.length === 1 ? "problem" : "problems"}; nothing was trained.\n`,
    );
    return EXIT_PROBLEMS;
  }
  return data;
}

/** Weights domains whose files cannot be found, checked before anything trains. */
function missingWeights(plan: Plan, baseDir: string): RunFailure[] {
  const paths = new Set(
    plan.runs.flatMap((run) => (run.init.kind === "weights" ? [resolve(baseDir, run.init.path)] : [])),
  );
  return [...paths].flatMap((path) => {
    try {
      resolveWeightsPath(path);
      return [];
    } catch (error) {
      if (error instanceof RunFailure) return [error];
      throw error;
    }
  });
}
