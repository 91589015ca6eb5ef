import type { Tensor } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../../tf.js";

/**
 * The kernel name of batch normalisation in training mode on wasm (`batch-norm-training.ts`).
 * This file imports no tfjs values, so model code can use it and still load tfjs lazily.
 */
export const BATCH_NORM_TRAINING = "ThtlBatchNormTraining";

/** The parts of a tfjs-layers BatchNormalization that training mode reads (private in its typings). */
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: { read(): Tensor } | null;
  beta: { read(): Tensor } | null;
  movingMean: { read(): Tensor; write(value: Tensor): void };
  movingVariance: { read(): Tensor; write(value: Tensor): void };
}

/**
 * A BatchNormalization layer's training-mode `call` through that kernel, moving averages included
 * (as tfjs-layers updates them); null where the kernel does not apply (another backend, kernels not
 * registered, another axis), so the caller falls back to tfjs-layers' own. A layer without a
 * scale or a centre (InceptionV3's Keras build) gets ones or zeros in their place: its composite
 * fallback made `Sum` 9% of an InceptionV3 step.
 */
export function batchNormInTraining(tf: TfNamespace, layer: unknown, input: Tensor): Tensor | null {
  const bn = layer as BatchNormLayer;
  if (tf.getBackend() !== "wasm" || tf.getKernel(BATCH_NORM_TRAINING, "wasm") === undefined) return null;
  if (bn.axis !== -1 && bn.axis !== input.rank - 1) return null;
  return tf.tidy(() => {
    const inputs = { x: input, ...scaleAndOffset(tf, bn, input.shape[input.rank - 1]!) };
    const [y, mean, variance] = tf
      .engine()
      .runKernel(BATCH_NORM_TRAINING, inputs, { varianceEpsilon: bn.epsilon }) as Tensor[];
    updateMovingAverages(tf, bn, mean!, variance!);
    return y!;
  });
}

/** A layer's scale and offset, or ones and zeros where it has none: tfjs's batch-norm gradients read both. */
export function scaleAndOffset(tf: TfNamespace, layer: unknown, channels: number): { scale: Tensor; offset: Tensor } {
  const bn = layer as BatchNormLayer;
  return {
    scale: bn.scale && bn.gamma ? bn.gamma.read() : tf.ones([channels]),
    offset: bn.center && bn.beta ? bn.beta.read() : tf.zeros([channels]),
  };
}

/** The moving averages moved towards a batch's statistics by the layer's momentum, as tfjs-layers does. */
export function updateMovingAverages(tf: TfNamespace, layer: unknown, mean: Tensor, variance: Tensor): void {
  const bn = layer as BatchNormLayer;
  for (const [moving, batch] of [
    [bn.movingMean, mean],
    [bn.movingVariance, variance],
  ] as const) {
    const old = moving.read();
    moving.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - bn.momentum)));
  }
}
