import type { LayersModel } from "@tensorflow/tfjs-layers";
import { countParams } from "../../../src/runtime/model-kit.js";

/**
 * Makes exactly the named layers trainable. Batch-norm layers that are not trainable run in
 * inference mode (see `batchNormClass`); with `batchnorm: "frozen"` every batch-norm layer is
 * frozen, even in trainable groups. Compile (or build the optimizer) after this: tfjs collects a
 * model's trainable weights when it compiles.
 */
export function setTrainable(
  model: LayersModel,
  layerNames: ReadonlySet<string>,
  options: { batchnorm?: "train" | "frozen" } = {},
): void {
  for (const layer of model.layers) {
    const isBatchNorm = layer.getClassName() === "BatchNormalization";
    layer.trainable = layerNames.has(layer.name) && !(isBatchNorm && options.batchnorm === "frozen");
  }
}

/** Learnable values that training would now change (trainable kernels, biases, gamma, beta). */
export function trainableParamCount(model: LayersModel): number {
  return countParams(model.trainableWeights);
}
