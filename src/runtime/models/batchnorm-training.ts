import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";

/** The parts of a tfjs-layers BatchNormalization that training mode reads (private in its typings). */
interface BatchNormLayer {
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): Tensor } | null;
  beta: { read(): Tensor } | null;
  movingMean: { read(): Tensor; write(value: Tensor): void };
  movingVariance: { read(): Tensor; write(value: Tensor): void };
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
    // Constants where the layer has no weight: tfjs's batch-norm gradient reads both inputs.
    const offset = bn.center && bn.beta ? bn.beta.read() : tf.zerosLike(mean);
    const scale = bn.scale && bn.gamma ? bn.gamma.read() : tf.onesLike(mean);
    const y = tf.batchNorm(input, mean, variance, offset, scale, bn.epsilon);
    for (const [moving, batch] of [
      [bn.movingMean, mean],
      [bn.movingVariance, variance],
    ] as const) {
      const old = moving.read();
      moving.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - bn.momentum)));
    }
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
    const offset = bn.center && bn.beta ? bn.beta.read() : tf.zerosLike(mean);
    const scale = bn.scale && bn.gamma ? bn.gamma.read() : tf.onesLike(mean);
    return tf.batchNorm(input, mean, bn.movingVariance.read(), offset, scale, bn.epsilon);
  });
}
