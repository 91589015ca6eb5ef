import type { Layer } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { LayerCall } from "./graph.js";

/** The activations a fused convolution applies to its output (tfjs's `fused` ops take them). */
export type FusedActivation = "linear" | "relu" | "relu6";

/** The convolution layers whose output a batch norm can be folded into. */
export type ConvKind = "Conv2D" | "DepthwiseConv2D" | "SeparableConv2D";

/** tfjs's explicit padding of an NHWC input: [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** A convolution's geometry as tfjs's ops take it. */
export interface ConvGeometry {
  strides: [number, number];
  pad: "same" | "valid" | ExplicitPadding;
  dilations: [number, number];
}

/**
 * A convolution, the batch norm that alone reads its output, and the activation that alone reads
 * the batch norm's: in inference one fused convolution with the batch norm folded into its weights.
 * A zero padding that only the convolution reads (Keras's before a strided convolution), where
 * the convolution pads nothing itself, becomes the convolution's own padding.
 */
export interface ConvBatchNorm {
  kind: "conv-bn";
  conv: Layer;
  convKind: ConvKind;
  bn: Layer;
  activation: FusedActivation;
  geometry: ConvGeometry;
  input: number;
  output: number;
}

/**
 * A batch norm that no foldable convolution precedes (DenseNet's, before each layer's ReLU) and
 * the ReLU or ReLU6 that alone reads it: in inference one pass of both (`batch-norm-activation.ts`).
 */
export interface BatchNormActivation {
  kind: "bn-activation";
  bn: LayerCall;
  activation: LayerCall;
  clamp: [number, number];
  epsilon: number;
  input: number;
  output: number;
}

/** What the forward pass runs: a layer call as tfjs-layers would, or fused layers. */
export type ForwardStep = { kind: "layer"; call: LayerCall } | ConvBatchNorm | BatchNormActivation;
