import { selectBackend } from "../backend/select.js";
import { buildModel } from "../models/build-model.js";
import { readWeights } from "../snapshot.js";
import { predictBatch, Trainer } from "../step.js";
import { seedDropout, setUpStage, type ReplicaStage } from "./stage-setup.js";
import type { ParallelTrainer, ParallelTrainerOptions, StageSetup } from "./types.js";

/**
 * `workers: 1`: the same interface over one model in this thread, trained by the executor's own
 * `Trainer`. It is the single-threaded path that the replicas must agree with.
 */
export async function inProcessTrainer(options: ParallelTrainerOptions): Promise<ParallelTrainer> {
  const { tf } = await selectBackend(options.backend ?? "wasm");
  const built = buildModel(tf, options.arch, options.buildOptions);
  let current: { stage: ReplicaStage; trainer: Trainer } | null = null;
  const active = () => {
    if (!current) throw new Error("no stage has begun (call beginStage first)");
    return current;
  };
  const endStage = () => {
    current?.trainer.dispose();
    current?.stage.optimizer.dispose();
    current = null;
  };
  return {
    workers: 1,
    async beginStage(setup: StageSetup) {
      endStage();
      const stage = setUpStage(tf, built, setup);
      current = {
        stage,
        trainer: new Trainer(tf, stage.net, stage.vars, stage.optimizer, options.buildOptions.classes),
      };
    },
    async step(inputs, shape, labels, lr, dropoutSeed = 0) {
      const { stage, trainer } = active();
      seedDropout(stage.net, dropoutSeed, 0);
      trainer.step(inputs, shape, labels, lr);
    },
    running: () => current?.trainer.running() ?? { loss: 0, acc: 0 },
    sums: () => current?.trainer.sums() ?? { loss: 0, correct: 0, seen: 0 },
    resetEpoch: (from) => current?.trainer.resetEpoch(from),
    predict: (inputs, shape) => predictBatch(tf, current?.stage.net ?? built.model, inputs, shape),
    readWeights: async () => readWeights(built.model),
    optimizerState: async () => active().stage.optimizer.state(),
    async dispose() {
      endStage();
      built.model.dispose();
    },
  };
}
