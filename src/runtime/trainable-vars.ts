import type { PlanStage } from "../plan/types.js";
import type { BuiltModel } from "./model-kit.js";
import type { TrainableVariable } from "./optimizer.js";

/**
 * The stage's trainable variables in model order, each with its learning-rate factor: the last
 * `lr SEL X` whose groups or layer paths cover the layer wins (later statements override earlier
 * ones, as in the source), otherwise the stage's base rate.
 */
export function trainableVariables(built: BuiltModel, stage: PlanStage): TrainableVariable[] {
  const vars: TrainableVariable[] = [];
  for (const info of built.layers) {
    const layer = built.model.getLayer(info.name);
    if (!layer.trainable) continue;
    let lr = stage.lr;
    for (const entry of stage.groupLr) {
      if (entry.groups.includes(info.group) || entry.layers.includes(info.path)) lr = entry.lr;
    }
    for (const weight of layer.trainableWeights) {
      vars.push({
        name: weight.originalName,
        variable: weight.read() as TrainableVariable["variable"],
        lrScale: lr / stage.lr,
      });
    }
  }
  return vars;
}
