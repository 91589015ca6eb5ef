import type { PlanStage } from "../../plan/types.js";
import type { BuildOptions } from "../models/build-model.js";
import type { OptimizerState } from "../optimizer.js";
import type { NamedArray } from "../../weights/types.js";
import type { RunningSums } from "../step.js";

/** The backends a replica can run: the single-threaded ones (tfjs-node already uses every core). */
export type ReplicaBackend = "wasm" | "cpu";

export interface ParallelTrainerOptions {
  /** Replica threads; default `defaultWorkers()`. 1 trains in this thread, without workers. */
  workers?: number;
  /** The backend every replica loads (through `selectBackend`); default `wasm`. */
  backend?: ReplicaBackend;
  /** A catalogue architecture and the options `buildModel` takes (the executor's model factory's). */
  arch: string;
  buildOptions: BuildOptions;
}

/** What a stage trains, as the executor knows it when the stage starts. */
export interface StageSetup {
  /** The plan's stage: trainable groups and layers, batch norm mode, optimizer, rates, decay. */
  stage: PlanStage;
  /**
   * Every weight of the model (moving statistics included) to start from, as `readWeights` in
   * `snapshot.ts` returns them; null keeps the replicas' current weights.
   */
  weights: NamedArray[] | null;
  /** A checkpoint's optimizer state to continue from; null starts a fresh optimizer. */
  optimizer: OptimizerState | null;
  /**
   * The frozen groups whose output the executor caches (`stage.frozenPrefix.groups` when
   * `prepareInputs` cached them): the replicas then train only the rest of the model, on those
   * features. Null trains the whole model on images.
   */
  prefixGroups: string[] | null;
}

/**
 * Data-parallel training of one model, shaped like the executor's `Trainer` (`step`, `running`,
 * `resetEpoch`) plus what a stage needs around it. The replicas hold the trained weights; the
 * executor's own model is brought up to date with `readWeights` before it evaluates or saves.
 */
export interface ParallelTrainer {
  /** Replicas training side by side (1: in this thread, without workers). */
  readonly workers: number;
  /** Starts a stage: weights, trainable set and a fresh (or restored) optimizer on every replica. */
  beginStage(setup: StageSetup): Promise<void>;
  /** One step on a batch (`shape[0]` samples), split across the replicas; the update is the full batch's. */
  step(inputs: Float32Array, shape: number[], labels: Int32Array, lr: number, dropoutSeed?: number): Promise<void>;
  /** Running means of the training loss and accuracy over the epoch so far. */
  running(): { loss: number; acc: number };
  /** The epoch's raw sums, for a checkpoint taken inside an epoch. */
  sums(): RunningSums;
  /** Starts an epoch, from zero or from the sums a checkpoint saved inside it. */
  resetEpoch(from?: RunningSums): void;
  /**
   * Class probabilities of a batch in inference mode (`predictBatch`'s), the batch split across
   * the replicas: the network of the current stage (its suffix when a prefix is cached), or
   * the whole model before the first stage.
   */
  predict(inputs: Float32Array, shape: number[]): Promise<Float32Array>;
  /** Every weight of the model; batch norm's moving statistics are averaged over the replicas. */
  readWeights(): Promise<NamedArray[]>;
  /** The stage optimizer's state, for a checkpoint. */
  optimizerState(): Promise<OptimizerState>;
  /** Stops the replica threads; later calls reject. */
  dispose(): Promise<void>;
}
