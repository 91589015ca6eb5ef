import type { LayerSpec, Pair, Padding } from "./graph.js";

/** A spatial reduction left nothing (or less than nothing): the input is too small. */
export class InputTooSmallError extends Error {}

function reduce(size: number, window: number, stride: number, padding: Padding): number {
  return padding === "same" ? Math.ceil(size / stride) : Math.floor((size - window) / stride) + 1;
}

function spatial(shape: number[], window: Pair, strides: Pair, padding: Padding): Pair {
  return [reduce(shape[0]!, window[0], strides[0], padding), reduce(shape[1]!, window[1], strides[1], padding)];
}

function sameSpatial(shapes: number[][], layer: string): void {
  const [first] = shapes;
  for (const shape of shapes) {
    if (shape.length !== 3 || shape[0] !== first![0] || shape[1] !== first![1]) {
      throw new Error(`layer '${layer}' joins tensors of different sizes: ${shapes.map((s) => `[${s}]`).join(", ")}`);
    }
  }
}

/** The output shape (without the batch axis) of a layer applied to inputs of the given shapes. */
export function outputShape(spec: LayerSpec, inputs: number[][], layer: string): number[] {
  const shape = inputs[0]!;
  const channels = shape[shape.length - 1]!;
  switch (spec.kind) {
    case "conv2d":
      return [...spatial(shape, spec.config.kernel, spec.config.strides, spec.config.padding), spec.config.filters];
    case "depthwise_conv2d": {
      const { kernel, strides, padding, depthMultiplier } = spec.config;
      return [...spatial(shape, kernel, strides, padding), channels * depthMultiplier];
    }
    case "separable_conv2d":
      return [...spatial(shape, spec.config.kernel, spec.config.strides, spec.config.padding), spec.config.filters];
    case "maxpool":
    case "avgpool":
      return [...spatial(shape, spec.config.pool, spec.config.strides, spec.config.padding), channels];
    case "zeropad": {
      const [[top, bottom], [left, right]] = spec.config.padding;
      return [shape[0]! + top + bottom, shape[1]! + left + right, channels];
    }
    case "global_avg_pool":
      return [channels];
    case "adaptive_avg_pool":
      return [...spec.config.output, channels];
    case "flatten":
      return [shape.reduce((a, b) => a * b, 1)];
    case "reshape":
      return [...spec.config.targetShape];
    case "dense":
      return [spec.config.units];
    case "concat":
      sameSpatial(inputs, layer);
      return [shape[0]!, shape[1]!, inputs.reduce((sum, s) => sum + s[2]!, 0)];
    case "add":
    case "multiply":
      // Multiply broadcasts squeeze-and-excitation weights ([1, 1, C]) over the feature map.
      if (inputs.some((s) => s[s.length - 1] !== channels)) {
        throw new Error(
          `layer '${layer}' joins tensors of different depths: ${inputs.map((s) => `[${s}]`).join(", ")}`,
        );
      }
      return [...shape];
    case "batchnorm":
    case "activation":
    case "relu":
    case "dropout":
      return [...shape];
  }
}

/** Learnable values of a layer: kernels, biases, batch-norm scale and shift (not moving statistics). */
export function learnableParams(spec: LayerSpec, inputs: number[][]): number {
  const shape = inputs[0]!;
  const channels = shape[shape.length - 1]!;
  switch (spec.kind) {
    case "conv2d": {
      const { kernel, filters, useBias } = spec.config;
      return kernel[0] * kernel[1] * channels * filters + (useBias ? filters : 0);
    }
    case "depthwise_conv2d": {
      const { kernel, depthMultiplier, useBias } = spec.config;
      const outputs = channels * depthMultiplier;
      return kernel[0] * kernel[1] * outputs + (useBias ? outputs : 0);
    }
    case "separable_conv2d": {
      const { kernel, depthMultiplier, filters, useBias } = spec.config;
      const middle = channels * depthMultiplier;
      return kernel[0] * kernel[1] * middle + middle * filters + (useBias ? filters : 0);
    }
    case "batchnorm":
      return channels * (Number(spec.config.center) + Number(spec.config.scale));
    case "dense":
      return channels * spec.config.units + (spec.config.useBias ? spec.config.units : 0);
    default:
      return 0;
  }
}

/** Whether a shape still has at least one value on every axis. */
export function nonEmpty(shape: number[]): boolean {
  return shape.every((size) => size >= 1);
}
