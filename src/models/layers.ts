import type { ActivationName, LayerSpec, Pair, Padding } from "./graph.js";

/** Constructors of layer specs with Keras's defaults (valid padding, biases, linear activation). */

interface WindowOptions {
  strides?: number | Pair;
  padding?: Padding;
  bias?: boolean;
  activation?: ActivationName;
}

const pair = (value: number | Pair): Pair => (typeof value === "number" ? [value, value] : value);

function window(options: WindowOptions) {
  return {
    strides: pair(options.strides ?? 1),
    padding: options.padding ?? "valid",
    useBias: options.bias ?? true,
    activation: options.activation ?? "linear",
  };
}

export function conv(filters: number, kernel: number | Pair, options: WindowOptions = {}): LayerSpec {
  return { kind: "conv2d", config: { filters, kernel: pair(kernel), ...window(options) } };
}

export function depthwise(kernel: number, options: WindowOptions = {}): LayerSpec {
  return { kind: "depthwise_conv2d", config: { kernel: pair(kernel), depthMultiplier: 1, ...window(options) } };
}

export function separable(filters: number, kernel: number, options: WindowOptions = {}): LayerSpec {
  return {
    kind: "separable_conv2d",
    config: { filters, kernel: pair(kernel), depthMultiplier: 1, ...window(options) },
  };
}

/** torchvision's `BatchNorm2d` defaults: eps 1e-5, momentum 0.1 (PyTorch's), which is Keras's 0.9. */
export const TORCH_BATCHNORM = { epsilon: 1e-5, momentum: 0.9 } as const;

export function batchnorm(options: { epsilon?: number; momentum?: number; scale?: boolean } = {}): LayerSpec {
  const config = {
    epsilon: options.epsilon ?? 1e-3,
    momentum: options.momentum ?? 0.99,
    center: true,
    scale: options.scale ?? true,
  };
  return { kind: "batchnorm", config };
}

export function activation(name: ActivationName): LayerSpec {
  return { kind: "activation", config: { activation: name } };
}

export function relu(maxValue: number | null = null): LayerSpec {
  return { kind: "relu", config: { maxValue } };
}

export function maxpool(pool: number, strides: number, padding: Padding = "valid"): LayerSpec {
  return { kind: "maxpool", config: { pool: pair(pool), strides: pair(strides), padding } };
}

export function avgpool(pool: number, strides: number, padding: Padding = "valid"): LayerSpec {
  return { kind: "avgpool", config: { pool: pair(pool), strides: pair(strides), padding } };
}

export function zeropad(padding: number | [Pair, Pair]): LayerSpec {
  const pads: [Pair, Pair] = typeof padding === "number" ? [pair(padding), pair(padding)] : padding;
  return { kind: "zeropad", config: { padding: pads } };
}

export function dense(units: number, activationName: ActivationName = "linear"): LayerSpec {
  return { kind: "dense", config: { units, useBias: true, activation: activationName } };
}

export function dropout(rate: number, noiseShape: (number | null)[] | null = null): LayerSpec {
  return { kind: "dropout", config: { rate, noiseShape } };
}

export function reshape(targetShape: number[]): LayerSpec {
  return { kind: "reshape", config: { targetShape } };
}

export function adaptiveAvgPool(size: number): LayerSpec {
  return { kind: "adaptive_avg_pool", config: { output: pair(size) } };
}

export const add: LayerSpec = { kind: "add", config: {} };
export const multiply: LayerSpec = { kind: "multiply", config: {} };
export const concat: LayerSpec = { kind: "concat", config: {} };
export const flatten: LayerSpec = { kind: "flatten", config: {} };
export const globalAvgPool: LayerSpec = { kind: "global_avg_pool", config: {} };

/** Keras's `correct_pad`: the zero padding before a stride-2 "valid" conv that centres it as TF "same" would on odd sizes. */
export function correctPad(shape: number[], kernel: number): [Pair, Pair] {
  const half = Math.floor(kernel / 2);
  const adjust = (size: number) => 1 - (size % 2);
  return [
    [half - adjust(shape[0]!), half],
    [half - adjust(shape[1]!), half],
  ];
}
