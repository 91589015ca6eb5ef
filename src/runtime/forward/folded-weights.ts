import type { DataId, Tensor } from "@tensorflow/tfjs-core";
import type { Layer } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { TfNamespace } from "../tf.js";
import type { ConvBatchNorm } from "./steps.js";

/** A weight of a layer (tfjs-layers' LayerVariable): its current value, a variable. */
interface Weight {
  read(): Tensor;
}

/** The weights a fold reads (private in tfjs-layers' typings); a batch norm's without a scale or centre have none. */
interface ConvWeights {
  kernel?: Weight;
  depthwiseKernel?: Weight;
  pointwiseKernel?: Weight;
  bias: Weight | null;
}
export interface BatchNormWeights {
  gamma: Weight | null;
  beta: Weight | null;
  movingMean: Weight;
  movingVariance: Weight;
}

/** A convolution's filter (the pointwise one of a separable convolution) and bias with a batch norm folded in. */
export interface FoldedWeights {
  filter: Tensor;
  bias: Tensor;
}

interface Entry extends FoldedWeights {
  /** The data the fold was made from: tfjs gives a variable new data on every assignment. */
  sources: DataId[];
}

/** Per batch norm layer, the fold of its current weights into the convolution before it. */
const folds = new WeakMap<Layer, Entry>();

/**
 * The step's convolution weights with its batch norm folded in, as PyTorch's
 * `fuse_conv_bn_weights` makes them: with a = gamma / sqrt(variance + epsilon) per output channel,
 * the filter times a and the bias (b - mean) a + beta. They are made again when any weight they
 * come from has changed (training, loading) and kept until then, so that what the kernels derive
 * from a filter (Winograd's transform) is kept too; `releaseFolded` frees them with the layer.
 */
export function foldedWeights(tf: TfNamespace, step: ConvBatchNorm): FoldedWeights {
  const conv = step.conv as unknown as ConvWeights;
  const bn = step.bn as unknown as BatchNormWeights;
  const filter = (conv.pointwiseKernel ?? conv.kernel ?? conv.depthwiseKernel)!.read();
  const weights = [filter, conv.bias?.read(), bn.gamma?.read(), bn.beta?.read(), bn.movingMean.read()];
  const variance = bn.movingVariance.read();
  const sources = [...weights, variance].map((w) => w?.dataId ?? null) as DataId[];
  const entry = folds.get(step.bn);
  if (entry && entry.sources.every((id, i) => id === sources[i])) return entry;
  releaseFolded(step.bn);
  const { epsilon } = step.bn.getConfig() as { epsilon: number };
  const [, bias, gamma, beta, mean] = weights;
  const made = tf.tidy(() => {
    const a = gamma ? tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon))) : tf.rsqrt(tf.add(variance, epsilon));
    const shift = tf.mul(bias ? tf.sub(bias, mean!) : tf.neg(mean!), a);
    // A depthwise filter is [h, w, channels, multiplier]: output channel c m + k is its (c, k).
    const perOutput = step.convKind === "DepthwiseConv2D" ? tf.reshape(a, filter.shape.slice(2)) : a;
    return { filter: tf.keep(tf.mul(filter, perOutput)), bias: tf.keep(beta ? tf.add(shift, beta) : shift) };
  });
  folds.set(step.bn, { ...made, sources });
  return made;
}

/** Frees the fold kept for a batch norm layer, if any (when the layer's weights are disposed). */
export function releaseFolded(bn: Layer): void {
  const entry = folds.get(bn);
  if (entry === undefined) return;
  folds.delete(bn);
  entry.filter.dispose();
  entry.bias.dispose();
}
