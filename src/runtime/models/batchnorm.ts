import type { Kwargs } from "@tensorflow/tfjs-layers/dist/types.js";
import type {
  BatchNormalization,
  BatchNormalizationLayerArgs,
} from "@tensorflow/tfjs-layers/dist/layers/normalization.js";
import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace as Tf } from "../tf.js";
import { registeredClass } from "./registered-class.js";
import { batchNormInTraining } from "../kernels/batch-norm/batch-norm-layer.js";
import { releaseFolded } from "../forward/folded-weights.js";
import { batchNormInferenceWithoutAffine, batchNormWithoutAffine, lacksAffine } from "./batchnorm-training.js";

export type BatchNormClass = new (args?: BatchNormalizationLayerArgs) => BatchNormalization;

/**
 * tfjs's BatchNormalization chooses batch or moving statistics from `training` alone, so a frozen
 * layer inside `fit()` would normalise with batch statistics and update its moving averages.
 * This subclass runs in inference mode whenever the layer is not trainable (Keras 2 semantics).
 * It keeps the class name `BatchNormalization` and replaces tfjs's in the serialization map, so
 * saved model.json files stay standard and models loaded from them get the same behaviour.
 */
export function batchNormClass(tf: Tf): BatchNormClass {
  return registeredClass(tf, "BatchNormalization", () => {
    const base = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as typeof BatchNormalization;
    return class ThtlBatchNormalization extends base {
      static override className = "BatchNormalization";
      override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
        // On wasm, training mode runs as one fused kernel (src/runtime/kernels/batch-norm/batch-norm-layer.ts).
        const training = this.trainable && kwargs["training"] === true;
        const input = Array.isArray(inputs) ? inputs[0]! : inputs;
        const fused = training ? batchNormInTraining(tf, this, input) : null;
        if (fused) return fused;
        // tfjs-layers reads gamma in training mode even when the layer has no scale, and in
        // inference mode leaves tfjs-core a missing input to save for gradients.
        if (lacksAffine(this))
          return training ? batchNormWithoutAffine(tf, this, input) : batchNormInferenceWithoutAffine(tf, this, input);
        return super.call(inputs, this.trainable ? kwargs : { ...kwargs, training: false });
      }

      // Inference's fold of this layer into the convolution before it goes with the layer's weights.
      protected override disposeWeights(): number {
        releaseFolded(this);
        return super.disposeWeights();
      }
    };
  });
}
