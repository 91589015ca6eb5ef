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

/**
 * A batch norm folded into the convolution before it, as PyTorch's `fuse_conv_bn_weights` folds
 * it: with a = gamma / sqrt(variance + epsilon) per output channel, the output is the convolution
 * with the filter times a, plus the bias (b - mean) a + beta.
 */
export interface Fold {
  /** [a, then the bias] per output channel: what thtl's `CONV_BATCH_NORM` kernel applies to its output. */
  scaleShift: Tensor;
  bias: Tensor;
}

interface Entry extends Fold {
  /** The data the fold was made from: tfjs gives a variable new data on every assignment. */
  sources: DataId[];
  /** The filter times a, made when a step asks for it. */
  filter?: Tensor;
}

/** Per batch norm layer, the fold of its current weights into the convolution before it. */
const folds = new WeakMap<Layer, Entry>();

/** The convolution's filter (the pointwise one of a separable convolution), as it is. */
export function convFilter(step: ConvBatchNorm): Tensor {
  const conv = step.conv as unknown as ConvWeights;
  return (conv.pointwiseKernel ?? conv.kernel ?? conv.depthwiseKernel)!.read();
}

/**
 * The step's fold, made again when any weight it comes from has changed (training, loading) and
 * kept until then: a and the bias, and the folded filter once asked for (`foldedFilter`), so
 * that what the kernels derive from a filter (Winograd's transform) is kept too. `releaseFolded`
 * frees them.
 */
export function foldOf(tf: TfNamespace, step: ConvBatchNorm): Fold {
  const conv = step.conv as unknown as ConvWeights;
  const bn = step.bn as unknown as BatchNormWeights;
  const weights = [convFilter(step), conv.bias?.read(), bn.gamma?.read(), bn.beta?.read(), bn.movingMean.read()];
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
    const folded = beta ? tf.add(shift, beta) : shift;
    return { scaleShift: tf.keep(tf.concat([a, folded])), bias: tf.keep(folded) };
  });
  folds.set(step.bn, { ...made, sources });
  return made;
}

/** The step's filter times a per output channel (`foldOf`), made once per fold. */
export function foldedFilter(tf: TfNamespace, step: ConvBatchNorm): Tensor {
  foldOf(tf, step);
  const entry = folds.get(step.bn)!;
  entry.filter ??= tf.tidy(() => {
    const filter = convFilter(step);
    const channels = filter.shape.at(-1)! * (step.convKind === "DepthwiseConv2D" ? filter.shape[2]! : 1);
    const a = tf.slice(entry.scaleShift, 0, channels);
    // A depthwise filter is [h, w, channels, multiplier]: output channel c m + k is its (c, k).
    return tf.keep(tf.mul(filter, step.convKind === "DepthwiseConv2D" ? tf.reshape(a, filter.shape.slice(2)) : a));
  });
  return entry.filter;
}

/** Frees the fold kept for a batch norm layer, if any (when the layer's weights are disposed). */
export function releaseFolded(bn: Layer): void {
  const entry = folds.get(bn);
  if (entry === undefined) return;
  folds.delete(bn);
  entry.scaleShift.dispose();
  entry.bias.dispose();
  entry.filter?.dispose();
}
