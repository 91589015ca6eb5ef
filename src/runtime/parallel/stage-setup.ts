import type { LayersModel } from "@tensorflow/tfjs-layers";
import { hashInts } from "../../data/random.js";
import type { CatalogueModel } from "../models/build-model.js";
import { applyTrainable } from "../model-kit.js";
import { StageOptimizer, type TrainableVariable } from "../optimizer.js";
import { writeWeights } from "../snapshot.js";
import type { TfNamespace } from "../tf.js";
import { trainableVariables } from "../trainable-vars.js";
import type { StageSetup } from "./types.js";

/** A replica's model set up for one stage. */
export interface ReplicaStage {
  /** The network a step trains: the model, or the part after a cached frozen prefix. */
  net: LayersModel;
  vars: TrainableVariable[];
  optimizer: StageOptimizer;
}

/**
 * Sets a replica up for a stage with the executor's own helpers (trainable set, per-variable
 * learning rates, optimizer), so that every replica and the single-threaded path agree exactly.
 */
export function setUpStage(tf: TfNamespace, built: CatalogueModel, setup: StageSetup): ReplicaStage {
  if (setup.weights) writeWeights(tf, built.model, setup.weights);
  applyTrainable(built, setup.stage);
  const net = setup.prefixGroups ? built.split(setup.prefixGroups)?.suffix : built.model;
  if (!net) throw new Error(`${built.model.name} cannot be cut after [${setup.prefixGroups!.join(", ")}]`);
  const vars = trainableVariables(built, setup.stage);
  const optimizer = new StageOptimizer(tf, setup.stage.optimizer, vars, setup.stage.weightDecay);
  if (setup.optimizer) optimizer.restore(setup.optimizer);
  return { net, vars, optimizer };
}

/** Model weights whose values batch norm's training updates, and so differ between replicas. */
export function isMovingStatistic(name: string): boolean {
  return name.endsWith("/moving_mean") || name.endsWith("/moving_variance");
}

/**
 * Seeds each dropout layer of `net` from (step seed, replica rank, layer index), so that each
 * replica draws its own masks and a run is reproducible for a given number of replicas.
 */
export function seedDropout(net: LayersModel, seed: number, rank: number): void {
  net.layers.forEach((layer, i) => {
    if (layer.getClassName() === "Dropout") (layer as unknown as { seed: number }).seed = hashInts(seed, rank, i);
  });
}
