import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";
import { scaleAndOffset, updateMovingAverages } from "../kernels/batch-norm/batch-norm-layer.js";

/** The parts of a tfjs-layers BatchNormalization read here (private in its typings). */
interface BatchNormLayer {
  epsilon: number;
  center: boolean;
  scale: boolean;
  movingMean: { read(): Tensor };
  movingVariance: { read(): Tensor };
}

/** Whether tfjs-layers' own training mode would fail: it reads gamma and beta even when the layer has none. */
export function lacksAffine(layer: unknown): boolean {
  const bn = layer as BatchNormLayer;
  return !bn.scale || !bn.center;
}

/**
 * Batch norm in training mode (channels last) for layers without a scale or a shift, as
 * InceptionV3's Keras build has (`scale=False`): batch statistics normalise the input and update
 * the moving averages with the layer's momentum, as tfjs-layers does for layers that have both.
 */
export function batchNormWithoutAffine(tf: TfNamespace, layer: unknown, input: Tensor): Tensor {
  const bn = layer as BatchNormLayer;
  return tf.tidy(() => {
    const axes = Array.from({ length: input.rank - 1 }, (_, i) => i);
    const { mean, variance } = tf.moments(input, axes);
    const { scale, offset } = scaleAndOffset(tf, layer, mean.size);
    const y = tf.batchNorm(input, mean, variance, offset, scale, bn.epsilon);
    updateMovingAverages(tf, layer, mean, variance);
    return y;
  });
}

/**
 * Batch norm in inference mode (moving statistics) for layers without a scale or a shift, with
 * constants in their place. tfjs-layers passes no scale to `tf.batchNorm`, and tfjs-core then saves
 * the missing input for the gradient and fails: gradients through a frozen InceptionV3 (Keras) do
 * happen, in LayerCAM.
 */
export function batchNormInferenceWithoutAffine(tf: TfNamespace, layer: unknown, input: Tensor): Tensor {
  const bn = layer as BatchNormLayer;
  return tf.tidy(() => {
    const mean = bn.movingMean.read();
    const { scale, offset } = scaleAndOffset(tf, layer, mean.size);
    return tf.batchNorm(input, mean, bn.movingVariance.read(), offset, scale, bn.epsilon);
  });
}
