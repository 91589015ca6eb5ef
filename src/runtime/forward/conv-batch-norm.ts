import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";
import { foldedWeights } from "./folded-weights.js";
import type { ConvBatchNorm } from "./steps.js";

/**
 * A convolution, its batch norm and activation as one fused convolution over `x`, with the batch
 * norm folded into the weights: the batch norm's pass over the output and the activation's are
 * gone (the activation is applied as the convolution's output is written).
 */
export function runConvBatchNorm(tf: TfNamespace, step: ConvBatchNorm, x: Tensor): Tensor {
  const { filter, bias } = foldedWeights(tf, step);
  const { strides, pad, dilations } = step.geometry;
  const fused = {
    x: x as Tensor4D,
    bias,
    activation: step.activation,
    strides,
    dilations,
    dataFormat: "NHWC" as const,
  };
  switch (step.convKind) {
    case "Conv2D":
      return tf.fused.conv2d({ ...fused, filter: filter as Tensor4D, pad });
    case "DepthwiseConv2D":
      // tfjs's kernels take explicit padding here too; the op's typings leave it out.
      return tf.fused.depthwiseConv2d({ ...fused, filter: filter as Tensor4D, pad: pad as "valid" });
    case "SeparableConv2D":
      // As tfjs's separableConv2d: the depthwise convolution, then a 1x1 one (here with the fold).
      return tf.tidy(() => {
        const depthwise = (step.conv as unknown as { depthwiseKernel: { read(): Tensor4D } }).depthwiseKernel.read();
        const spatial = tf.depthwiseConv2d(fused.x, depthwise, strides, pad as "valid", "NHWC", dilations);
        return tf.fused.conv2d({
          ...fused,
          x: spatial,
          filter: filter as Tensor4D,
          strides: 1,
          dilations: 1,
          pad: "valid",
        });
      });
  }
}
