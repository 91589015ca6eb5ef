import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import { CONV_BATCH_NORM } from "../kernels/inference-kernels.js";
import type { TfNamespace } from "../tf.js";
import { convFilter, foldedFilter, foldOf } from "./folded-weights.js";
import type { ConvBatchNorm, ConvGeometry } from "./steps.js";

/**
 * A convolution, its batch norm and activation as one fused convolution over `x`: the batch
 * norm's pass over the output and the activation's are gone. Where the backend has thtl's
 * `CONV_BATCH_NORM` kernel, the filter stays as it is and the kernel scales and shifts the output
 * as it writes it; elsewhere, and for depthwise convolutions (XNNPACK's, which take a bias), the
 * filter is folded (`foldedFilter`).
 */
export function runConvBatchNorm(tf: TfNamespace, step: ConvBatchNorm, x: Tensor): Tensor {
  const { strides, pad, dilations } = step.geometry;
  if (step.convKind === "SeparableConv2D") {
    // As tfjs's separableConv2d: the depthwise convolution, then a 1x1 one, which takes the fold.
    return tf.tidy(() => {
      const depthwise = (step.conv as unknown as { depthwiseKernel: { read(): Tensor4D } }).depthwiseKernel.read();
      const spatial = tf.depthwiseConv2d(x as Tensor4D, depthwise, strides, pad as "valid", "NHWC", dilations);
      return pointwise(tf, step, spatial, { strides: [1, 1], pad: "valid", dilations: [1, 1] });
    });
  }
  if (step.convKind === "Conv2D") return pointwise(tf, step, x, step.geometry);
  const { bias } = foldOf(tf, step);
  const filter = foldedFilter(tf, step) as Tensor4D;
  // tfjs's kernels take explicit padding here too; the op's typings leave it out.
  const fused = { x: x as Tensor4D, filter, bias, activation: step.activation, strides, dilations };
  return tf.fused.depthwiseConv2d({ ...fused, pad: pad as "valid", dataFormat: "NHWC" });
}

/** The step's regular (or pointwise) convolution over `x` with the fold, as `geometry` says. */
function pointwise(tf: TfNamespace, step: ConvBatchNorm, x: Tensor, geometry: ConvGeometry): Tensor {
  const { scaleShift, bias } = foldOf(tf, step);
  const attrs = { ...geometry, dataFormat: "NHWC", activation: step.activation };
  if (tf.getKernel(CONV_BATCH_NORM, tf.getBackend()) !== undefined)
    return tf.engine().runKernel(CONV_BATCH_NORM, { x, filter: convFilter(step), scaleShift }, attrs) as Tensor;
  const filter = foldedFilter(tf, step) as Tensor4D;
  return tf.fused.conv2d({
    ...geometry,
    x: x as Tensor4D,
    filter,
    bias,
    activation: step.activation,
    dataFormat: "NHWC",
  });
}
