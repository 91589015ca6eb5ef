import type { Plan, PlanRun } from "../plan/types.js";
import type { BackendInfo, EventSink, Metrics, RunEvent } from "./events.js";
import { runErrorText } from "../diagnostics/run-failure.js";
import { Interrupted } from "./failure.js";
import { RunRecord } from "./record.js";
import { runChain, type ChainEnvironment } from "./run-chain.js";

export interface ExecuteOptions extends ChainEnvironment {
  backend: BackendInfo;
  /** The plan's source as the user named it (for `plan:start`). */
  planLabel: string;
  outDir: string;
  /** Continue interrupted runs from their checkpoints. */
  resume: boolean;
  /** Train runs again even when a finished record matches. */
  force: boolean;
  /** The command that continues this plan, for `plan:end` when interrupted. */
  resumeCommand: string;
  /** Warnings found before training (images left out, options ignored), emitted after `plan:start`. */
  warnings?: { code: string | null; message: string }[];
}

type RunStatus = "done" | "failed" | "interrupted" | "reused";

/**
 * Executes a plan run by run. A run whose finished record has the same stage hashes is reused,
 * not trained (unless `force`); a failing run (NaN loss, bad weights) is recorded as failed and
 * the next run goes on; Ctrl-C stops after the current batch, keeping the last checkpoint.
 */
export async function executePlan(plan: Plan, options: ExecuteOptions): Promise<"done" | "failed" | "interrupted"> {
  const { sink, outDir } = options;
  const chains = plan.runs.map((run) => ({ id: run.id, chain: chainOf(run) }));
  sink({
    type: "plan:start",
    time: Date.now(),
    plan: options.planLabel,
    backend: options.backend,
    runs: chains,
    outDir,
  });
  for (const w of options.warnings ?? []) sink({ type: "warning", time: Date.now(), runId: null, ...w });
  const results: { id: string; status: RunStatus; test: Metrics | null; outDir: string }[] = [];
  let interrupted = false;
  for (const [index, run] of plan.runs.entries()) {
    const record = new RunRecord(outDir, run);
    const result = await executeRun(plan, run, record, index, options);
    results.push({ id: run.id, ...result, outDir: record.dir });
    if (result.status === "interrupted") {
      interrupted = true;
      break;
    }
  }
  const status = interrupted ? "interrupted" : results.some((r) => r.status === "failed") ? "failed" : "done";
  sink({
    type: "plan:end",
    time: Date.now(),
    status,
    runs: results,
    outDir,
    resume: interrupted ? options.resumeCommand : null,
  });
  return status;
}

async function executeRun(
  plan: Plan,
  run: PlanRun,
  record: RunRecord,
  index: number,
  options: ExecuteOptions,
): Promise<{ status: RunStatus; test: Metrics | null }> {
  const finished = options.force ? null : record.finished();
  if (finished) {
    options.sink({
      type: "run:end",
      time: Date.now(),
      runId: run.id,
      status: "reused",
      test: finished.test,
      outDir: record.dir,
      error: null,
    });
    return { status: "reused", test: finished.test };
  }
  const resuming = options.resume && record.hasCheckpoint();
  record.begin(plan, resuming);
  const sink: EventSink = (event: RunEvent) => {
    record.event(event);
    options.sink(event);
  };
  sink({
    type: "run:start",
    time: Date.now(),
    runId: run.id,
    index,
    total: plan.runs.length,
    chain: chainOf(run),
    outDir: record.dir,
  });
  try {
    const test = await runChain({ ...options, run, record, backend: options.backend.name, sink, resume: resuming });
    sink({ type: "run:end", time: Date.now(), runId: run.id, status: "done", test, outDir: record.dir, error: null });
    return { status: "done", test };
  } catch (error) {
    // Any error is this run's failure, not the plan's: the runs after it still go on.
    const status = error instanceof Interrupted ? "interrupted" : "failed";
    const message = error instanceof Interrupted ? null : runErrorText(error);
    sink({ type: "run:end", time: Date.now(), runId: run.id, status, test: null, outDir: record.dir, error: message });
    return { status, test: null };
  }
}

/**
 * Runs whose folder holds an interrupted run's checkpoint: starting them over silently would
 * throw that work away, so `thtl run` asks for `--resume` or `--force` first.
 */
export function interruptedRuns(plan: Plan, outDir: string): string[] {
  return plan.runs
    .filter((run) => {
      const record = new RunRecord(outDir, run);
      return record.hasCheckpoint() && record.readMetrics()?.status !== "done";
    })
    .map((run) => run.id);
}

function chainOf(run: PlanRun): string[] {
  return [run.init.kind === "scratch" ? "scratch" : run.init.domain, ...run.hops.map((hop) => hop.domain)];
}
