import type { BackendInfo } from "../../runtime/events.js";
import { createParallelTrainer } from "../../runtime/parallel/index.js";
import type { ReplicaFactory } from "../../runtime/run-chain.js";
import { runBuildOptions } from "../../runtime/models/build-model.js";

/**
 * `--workers N` on the single-threaded backends (wasm, cpu): N data-parallel replicas of each
 * hop's model. tfjs-node already uses every core, so there it is ignored, with a warning.
 */
export function replicaFactory(
  workers: number,
  info: BackendInfo,
  warnings: { code: string | null; message: string }[],
): ReplicaFactory | null {
  if (workers <= 1) return null;
  if (info.name === "tensorflow") {
    warnings.push({
      code: null,
      message: `--workers ${workers} is ignored: the tensorflow backend already uses every core`,
    });
    return null;
  }
  const backend = info.name;
  return (run, classes) =>
    createParallelTrainer({
      workers,
      backend,
      arch: run.architecture.arch,
      buildOptions: runBuildOptions(run, classes, run.seed),
    });
}
