import type { Plan } from "../../plan/types.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from "../command.js";
import { createRenderer } from "../../ui/index.js";
import { BackendUnavailableError, selectBackend } from "../../runtime/backend/select.js";
import { executePlan } from "../../runtime/execute.js";
import { modelFactory } from "../../runtime/models/build-model.js";
import { StageStore } from "../../runtime/store/stage-store.js";
import { preflight } from "./preflight.js";
import { replicaFactory } from "./replicas.js";
import type { TrainOptions } from "./train-options.js";

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
      ...(options.cam !== undefined ? { cam: options.cam } : {}),
      warnings,
      ...(replicas ? { replicas } : {}),
      // --force trains again: nothing is read from the store, and what it would hold is already there.
      ...(options.storeDir && !options.force ? { store: openStageStore(options.storeDir) } : {}),
    });
    // The screen's summary says how to resume; JSON lines on stdout leave that to stderr.
    if (status === "interrupted" && options.json)
      io.stderr(`Interrupted. Continue with:\n  ${options.resumeCommand}\n`);
    return status === "done" ? EXIT_OK : status === "failed" ? EXIT_PROBLEMS : EXIT_INTERRUPTED;
  } finally {
    process.off("SIGINT", onSigint);
    process.off("SIGUSR2", onUsr2);
    await renderer.close();
  }
}

function openStageStore(dir: string): StageStore {
  const store = new StageStore(dir);
  store.pruneTemporary();
  return store;
}
