import { resolve } from "node:path";
import type { CliIO } from "../cli/io.js";
import type { Plan } from "../plan/types.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "../cli/command.js";
import { createRenderer } from "../ui/index.js";
import { BackendUnavailableError, selectBackend, type BackendPreference } from "./backend/select.js";
import { executePlan, interruptedRuns } from "./execute.js";
import { failureText, RunFailure } from "./failure.js";
import type { BackendInfo } from "./events.js";
import { loadPlanData, type PlanData } from "./hop-data.js";
import { createParallelTrainer } from "./parallel/index.js";
import type { ReplicaFactory } from "./run-chain.js";
import { resolveWeightsPath } from "./weights/load.js";
import { modelFactory } from "./models/build.js";
import { StageStore } from "./store/stage-store.js";

export interface TrainOptions {
  io: CliIO;
  /** The file as the user named it. */
  file: string;
  baseDir: string;
  outDir: string;
  cacheDir: string;
  /** The stage store's folder; null to train every stage here. */
  storeDir: string | null;
  backend: BackendPreference;
  resume: boolean;
  force: boolean;
  json: boolean;
  skipBadImages: boolean;
  workers: number;
  resumeCommand: string;
}

const EXIT_INTERRUPTED = 130;

/**
 * `thtl run` after the plan is in hand: refuse to overwrite interrupted runs, check every
 * domain's data, pick the backend, then train with the renderer as the event sink. Ctrl-C once
 * stops after the current batch (exit 130, printing the resume command); twice exits at once.
 */
export async function train(plan: Plan, options: TrainOptions): Promise<number> {
  const { io } = options;
  // The backend first: a backend that cannot load is a setup problem (exit 2), found before any data is read.
  let backend;
  try {
    backend = await selectBackend(options.backend);
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    io.stderr(`thtl run: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const data = await preflight(plan, options);
  if (typeof data === "number") return data;
  const renderer = createRenderer({ mode: options.json ? "json" : "auto", io });
  const warnings = data.skipped.map((p) => ({ code: p.code, message: `left out ${p.file}: ${p.message}` }));
  const replicas = replicaFactory(options.workers, backend.info, warnings);
  let stopRequested = false;
  const onSigint = () => {
    if (stopRequested) process.exit(EXIT_INTERRUPTED);
    stopRequested = true;
    renderer.onInterrupt("Stopping after this batch and saving a checkpoint; press Ctrl-C again to quit at once.");
  };
  // Slurm's warning before a time limit (`--signal=USR2@S`, see src/sweep/): stop as Ctrl-C does.
  const onUsr2 = () => {
    if (stopRequested) return;
    stopRequested = true;
    renderer.onInterrupt("USR2 (time limit near): stopping after this batch and saving a checkpoint.");
  };
  process.on("SIGINT", onSigint);
  process.on("SIGUSR2", onUsr2);
  try {
    const status = await executePlan(plan, {
      tf: backend.tf,
      backend: replicas ? { ...backend.info, threads: options.workers } : backend.info,
      planLabel: options.file,
      outDir: options.outDir,
      baseDir: options.baseDir,
      cacheDir: options.cacheDir,
      sink: renderer.sink,
      loadData: data.loader,
      buildModel: modelFactory(backend.tf),
      resume: options.resume,
      force: options.force,
      interrupted: () => stopRequested,
      resumeCommand: options.resumeCommand,
      warnings,
      ...(replicas ? { replicas } : {}),
      // --force trains again: nothing is read from the store, and what it would hold is already there.
      ...(options.storeDir && !options.force ? { store: openStageStore(options.storeDir) } : {}),
    });
    // The screen's summary says how to resume; JSON lines on stdout leave that to stderr.
    if (status === "interrupted" && options.json) io.stderr(`Interrupted. Continue with:\n  ${options.resumeCommand}\n`);
    return status === "done" ? EXIT_OK : status === "failed" ? EXIT_PROBLEMS : EXIT_INTERRUPTED;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGUSR2", onUsr2);
    await renderer.close();
  }
}

/**
 * `--workers N` on the single-threaded backends (wasm, cpu): N data-parallel replicas of each
 * hop's model. tfjs-node already uses every core, so there it is ignored, with a warning.
 */
function replicaFactory(workers: number, info: BackendInfo, warnings: { code: string | null; message: string }[]): ReplicaFactory | null {
  if (workers <= 1) return null;
  if (info.name === "tensorflow") {
    warnings.push({ code: null, message: `--workers ${workers} is ignored: the tensorflow backend already uses every core` });
    return null;
  }
  const backend = info.name;
  return (run, classes) =>
    createParallelTrainer({
      workers,
      backend,
      arch: run.architecture.arch,
      buildOptions: { width: run.architecture.width, dropout: run.architecture.dropout, input: run.input, classes, seed: run.seed },
    });
}

/**
 * What must hold before anything trains: no interrupted run about to be overwritten, every
 * weights domain's files present, every domain's data readable. Returns the loaded data, or the
 * exit code after printing the problems.
 */
async function preflight(plan: Plan, options: TrainOptions): Promise<PlanData | number> {
  const { io } = options;
  const interrupted = options.resume || options.force ? [] : interruptedRuns(plan, options.outDir);
  if (interrupted.length > 0) {
    const runs = `${interrupted.length === 1 ? "run" : "runs"} ${interrupted.join(", ")}`;
    io.stderr(`thtl run: ${runs} stopped before finishing; continue with\n  ${options.resumeCommand}\nor start over with --force.\n`);
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
    io.stderr(`thtl run: ${data.problems.length} data ${data.problems.length === 1 ? "problem" : "problems"}; nothing was trained.\n`);
    return EXIT_PROBLEMS;
  }
  return data;
}

/** Weights domains whose files cannot be found, checked before anything trains. */
function missingWeights(plan: Plan, baseDir: string): RunFailure[] {
  const paths = new Set(plan.runs.flatMap((run) => (run.init.kind === "weights" ? [resolve(baseDir, run.init.path)] : [])));
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

function openStageStore(dir: string): StageStore {
  const store = new StageStore(dir);
  store.pruneTemporary();
  return store;
}
