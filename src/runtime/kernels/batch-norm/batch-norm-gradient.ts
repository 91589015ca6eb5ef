import {
  add,
  broadcast_util,
  FusedBatchNorm,
  mul,
  reshape,
  rsqrt,
  scalar,
  sub,
  sum,
  type FusedBatchNormAttrs,
  type GradConfig,
  type Tensor,
} from "@tensorflow/tfjs-core";

/**
 * The gradient of FusedBatchNorm, as tfjs-core 4.22 computes it but broadcasting the per-channel
 * factors instead of tiling them to the full activation shape first: that Tile was 15% of a
 * ResNet18 training step on wasm (docs/performance.md). Same formulas, same results.
 */
export const batchNormGradient: GradConfig = {
  kernelName: FusedBatchNorm,
  inputsToSave: ["x", "mean", "variance", "scale"],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs) => {
    const gradient = dy as Tensor;
    const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
    const scaleValue = scale ?? scalar(1);
    const reductionAxes = broadcast_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: Tensor) => reshape(reductionAxes.length > 0 ? sum(t, reductionAxes) : t, mean.shape);
    const xMinusMean = sub(x, mean);
    const dyTimesScale = mul(gradient, scaleValue);
    const oneOverSqrtVariance = rsqrt(add(variance, scalar(varianceEpsilon)));
    const minusHalfRCube = mul(mul(mul(oneOverSqrtVariance, oneOverSqrtVariance), oneOverSqrtVariance), scalar(-0.5));
    return {
      x: () => reshape(mul(gradient, mul(oneOverSqrtVariance, scaleValue)), x.shape),
      mean: () => reduce(mul(mul(oneOverSqrtVariance, scalar(-1)), dyTimesScale)),
      variance: () => reduce(mul(mul(minusHalfRCube, xMinusMean), dyTimesScale)),
      scale: () => reduce(mul(gradient, mul(xMinusMean, oneOverSqrtVariance))),
      offset: () => reduce(gradient),
    };
  },
};
