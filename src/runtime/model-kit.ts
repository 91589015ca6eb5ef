import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { PlanRun, PlanStage } from "../plan/types.js";

/**
 * What the executor needs of a model: the tfjs model (which outputs logits) and, for every
 * layer, its group and torchvision-style path, so that a stage's trainable set can be applied
 * layer by layer. Batch-norm layers must run in inference mode whenever they are not trainable
 * (the model builder's BN layer does this; plain tfjs BN does not).
 */
export interface BuiltModel {
  model: LayersModel;
  layers: { name: string; group: string; path: string; batchNorm: boolean }[];
  /**
   * Splits the model at a group boundary: `prefix` maps images to the output of `groups`'s last
   * layer, `suffix` maps that output to logits, sharing the model's layers (and weights).
   * Absent when the builder cannot split this model.
   */
  split?(groups: string[]): { prefix: LayersModel; suffix: LayersModel } | null;
}

/** Builds a run's model with a classifier for `classes` classes, initialised from `seed`. */
export type ModelFactory = (run: PlanRun, classes: number, seed: number) => Promise<BuiltModel>;

/** The batch-norm mode of every group in a stage: what checkpoints record and resume compares. */
export function batchNormModes(stage: PlanStage, groups: readonly string[]): Record<string, "train" | "frozen"> {
  const trainable = new Set([...stage.trainable, ...stage.partial.map((p) => p.group)]);
  return Object.fromEntries(
    groups.map((g) => [g, trainable.has(g) && stage.batchnorm === "train" ? "train" : "frozen"]),
  );
}

/**
 * Sets `trainable` on every layer as the stage says: layers of `trainable` groups and the listed
 * layers of `partial` groups train; batch norm trains only when `batchnorm train`. Returns the
 * number of learnable values now trainable, for comparison with the plan.
 */
export function applyTrainable(built: BuiltModel, stage: PlanStage): number {
  const groups = new Set(stage.trainable);
  const paths = new Set(stage.partial.flatMap((p) => p.layers));
  for (const info of built.layers) {
    const selected = groups.has(info.group) || paths.has(info.path);
    built.model.getLayer(info.name).trainable = selected && !(info.batchNorm && stage.batchnorm === "frozen");
  }
  return countParams(built.model.trainableWeights);
}

export function countParams(weights: readonly { shape: (number | null)[] }[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
}
