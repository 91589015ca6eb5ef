import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";
import { foldedWeights } from "./folded-weights.js";
import type { ConvBatchNorm } from "./fusion.js";

/** The geometry a convolution layer's config gives (tfjs-layers' names). */
interface ConvConfig {
  strides: [number, number];
  padding: "same" | "valid";
  dilationRate: number | [number, number];
}

/**
 * A convolution, its batch norm and activation as one fused convolution over `x`, with the batch
 * norm folded into the weights: the batch norm's pass over the output and the activation's are
 * gone (the activation is applied as the convolution's output is written).
 */
export function runConvBatchNorm(tf: TfNamespace, step: ConvBatchNorm, x: Tensor): Tensor {
  const { filter, bias } = foldedWeights(tf, step);
  const { strides, padding, dilationRate } = step.conv.getConfig() as unknown as ConvConfig;
  const input = x as Tensor4D;
  const fused = { bias, activation: step.activation, dataFormat: "NHWC" as const };
  switch (step.convKind) {
    case "Conv2D":
      return tf.fused.conv2d({
        ...fused,
        x: input,
        filter: filter as Tensor4D,
        strides,
        pad: padding,
        dilations: dilationRate,
      });
    case "DepthwiseConv2D":
      return tf.fused.depthwiseConv2d({
        ...fused,
        x: input,
        filter: filter as Tensor4D,
        strides,
        pad: padding,
        dilations: dilationRate,
      });
    case "SeparableConv2D":
      // As tfjs's separableConv2d: the depthwise convolution, then a 1x1 one (here with the fold).
      return tf.tidy(() => {
        const depthwise = (step.conv as unknown as { depthwiseKernel: { read(): Tensor4D } }).depthwiseKernel.read();
        const spatial = tf.depthwiseConv2d(input, depthwise, strides, padding, "NHWC", dilationRate);
        return tf.fused.conv2d({ ...fused, x: spatial, filter: filter as Tensor4D, strides: 1, pad: "valid" });
      });
  }
}
