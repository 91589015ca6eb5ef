import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { recordedStatus, writeSweepRecord } from "../sweep/record.js";
import { runArguments } from "../sweep/run-args.js";
import type { SweepRecord, SweepSetup } from "../sweep/types.js";

/**
 * `--engine local`: the plan's runs as separate `thtl run --run-index I` processes, `jobs` at a
 * time, each with its share of the cores (a process per run keeps a crash or an out-of-memory
 * kill to one run). They share the stage store, so a stage two runs need is trained once.
 * Returns when every run has ended; `sweep.json` is rewritten as each one does.
 */
export async function runLocal(
  record: SweepRecord,
  setup: SweepSetup,
  io: { stdout(text: string): void; stderr(text: string): void },
): Promise<SweepRecord> {
  const threads = Math.max(1, Math.floor(availableParallelism() / setup.jobs));
  const queue = [...record.runs];
  mkdirSync(join(setup.outDir, "logs"), { recursive: true });
  const next = async (): Promise<void> => {
    const run = queue.shift();
    if (!run) return;
    run.status = "running";
    writeSweepRecord(setup.outDir, record);
    io.stdout(`run ${run.index + 1}/${record.runs.length} ${run.id}: started\n`);
    const code = await runProcess(setup, run.index, join(setup.outDir, run.log), threads);
    run.status = code === 0 ? "done" : recordedStatus(setup.outDir, run) === "interrupted" ? "interrupted" : "failed";
    writeSweepRecord(setup.outDir, record);
    io.stdout(
      `run ${run.index + 1}/${record.runs.length} ${run.id}: ${run.status}${code === 0 ? "" : ` (exit ${code}, log ${run.log})`}\n`,
    );
    return next();
  };
  // Ctrl-C reaches the running runs too (one process group): they checkpoint and stop; start no more.
  const stop = () => {
    queue.length = 0;
    io.stderr("Stopping: the running runs finish their batch and save a checkpoint; continue with the same command.\n");
  };
  process.once("SIGINT", stop);
  try {
    await Promise.all(Array.from({ length: Math.min(setup.jobs, queue.length) }, next));
  } finally {
    process.off("SIGINT", stop);
  }
  return record;
}

/** Threads for each run's backend: the wasm backend's pool, and tfjs-node's TensorFlow pools. */
function threadEnvironment(threads: number): Record<string, string> {
  const n = String(threads);
  return { THTL_WASM_THREADS: n, OMP_NUM_THREADS: n, TF_NUM_INTRAOP_THREADS: n, TF_NUM_INTEROP_THREADS: "1" };
}

function runProcess(setup: SweepSetup, index: number, log: string, threads: number): Promise<number> {
  const [program, ...prefix] = setup.thtl;
  const fd = openSync(log, "a");
  const child = spawn(program!, [...prefix, ...runArguments(setup, String(index))], {
    cwd: setup.cwd,
    env: { ...process.env, ...threadEnvironment(threads) },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  return new Promise((resolve) => {
    child.on("error", () => resolve(127));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
