/**
 * Data-parallel training in worker threads (issue 7, "one run uses every core"); see
 * docs/parallel.md. The wasm backend runs on one thread in Node, so each replica thread loads
 * its own TensorFlow.js, trains on its shard of every batch, and the replicas average their
 * gradients in shared memory before each applies the same optimizer step.
 */
import os from "node:os";
import { inProcessTrainer } from "./in-process.js";
import { ReplicaPool } from "./pool.js";
import type { ParallelTrainer, ParallelTrainerOptions } from "./types.js";

export type { ParallelTrainer, ParallelTrainerOptions, ReplicaBackend, StageSetup } from "./types.js";

/** Replicas beyond this gain little (the all-reduce and each replica's model copy grow with them). */
const MAX_DEFAULT_WORKERS = 8;

/** One replica per core, at most eight. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS));
}

/**
 * Starts `workers` replicas of the model (in this thread when 1), each with the same initial
 * weights. Rejects with the replica's message when one cannot start (an unknown architecture,
 * a backend that cannot load); no thread is left running then.
 */
export async function createParallelTrainer(options: ParallelTrainerOptions): Promise<ParallelTrainer> {
  const workers = options.workers ?? defaultWorkers();
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`workers must be a whole number of at least 1, got ${workers}`);
  return workers === 1 ? inProcessTrainer(options) : ReplicaPool.start({ ...options, workers });
}
