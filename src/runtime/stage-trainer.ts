import type { LayersModel } from "@tensorflow/tfjs-layers";
import { hashInts } from "../data/random.js";
import type { OptimizerState, StageOptimizer, TrainableVariable } from "./optimizer.js";
import type { ParallelTrainer, StageSetup } from "./parallel/index.js";
import { writeWeights } from "./snapshot.js";
import { Trainer, type RunningSums } from "./step.js";
import type { TfNamespace } from "./tf.js";

/**
 * What a stage trains with: the executor's `Trainer` in this thread, or data-parallel replicas
 * (`--workers N`). Either way the executor's own model holds the current weights after `sync`,
 * which runs before every evaluation, checkpoint and `keep best` snapshot.
 */
export interface StageTrainer {
  step(
    inputs: Float32Array,
    shape: number[],
    labels: Int32Array,
    lr: number,
    dropoutSeed: number,
  ): Promise<void> | void;
  running(): { loss: number; acc: number };
  sums(): RunningSums;
  resetEpoch(from?: RunningSums): void;
  sync(): Promise<void>;
  optimizerState(): Promise<OptimizerState>;
  dispose(): void;
}

export function localTrainer(
  tf: TfNamespace,
  net: LayersModel,
  vars: TrainableVariable[],
  optimizer: StageOptimizer,
  classes: number,
): StageTrainer {
  const trainer = new Trainer(tf, net, vars, optimizer, classes);
  return {
    step(inputs, shape, labels, lr, dropoutSeed) {
      seedDropout(net, dropoutSeed);
      trainer.step(inputs, shape, labels, lr);
    },
    running: () => trainer.running(),
    sums: () => trainer.sums(),
    resetEpoch: (from) => trainer.resetEpoch(from),
    sync: async () => undefined,
    optimizerState: async () => optimizer.state(),
    dispose: () => {
      trainer.dispose();
      optimizer.dispose();
    },
  };
}

/** Replicas started for this stage from the executor's model (and a checkpoint's optimizer state). */
export async function parallelTrainer(
  tf: TfNamespace,
  model: LayersModel,
  replicas: ParallelTrainer,
  setup: StageSetup,
): Promise<StageTrainer> {
  await replicas.beginStage(setup);
  return {
    step: (inputs, shape, labels, lr, dropoutSeed) => replicas.step(inputs, shape, labels, lr, dropoutSeed),
    running: () => replicas.running(),
    sums: () => replicas.sums(),
    resetEpoch: (from) => replicas.resetEpoch(from),
    sync: async () => writeWeights(tf, model, await replicas.readWeights()),
    optimizerState: () => replicas.optimizerState(),
    dispose: () => undefined,
  };
}

/**
 * Dropout draws its mask from its layer's `seed`; setting a fresh one per step makes the masks a
 * function of (run seed, epoch key, batch), identical on a resumed run.
 */
function seedDropout(net: LayersModel, seed: number): void {
  net.layers.forEach((layer, i) => {
    if (layer.getClassName() === "Dropout") (layer as unknown as { seed: number }).seed = hashInts(seed, i);
  });
}
