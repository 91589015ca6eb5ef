/**
 * The layer-graph IR: an architecture as plain data. Each layer has its Keras name (so weights
 * converted from Keras load by name), a kind with its configuration, the names of its inputs, and
 * a torchvision-style path whose first segment is its group. Both the compiler's summaries and the
 * runtime's tfjs models derive from this one description.
 */

export type Padding = "same" | "valid";
export type ActivationName = "linear" | "relu" | "relu6" | "swish" | "sigmoid";
export type Pair = [number, number];

export interface ConvConfig {
  filters: number;
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  useBias: boolean;
  activation: ActivationName;
}

export interface DepthwiseConfig {
  kernel: Pair;
  strides: Pair;
  padding: Padding;
  depthMultiplier: number;
  useBias: boolean;
  activation: ActivationName;
}

export interface SeparableConfig extends DepthwiseConfig {
  filters: number;
}

export interface BatchNormConfig {
  epsilon: number;
  momentum: number;
  /** Whether the layer has a learnable shift (beta). */
  center: boolean;
  /** Whether the layer has a learnable scale (gamma); InceptionV3 has none. */
  scale: boolean;
}

export interface PoolConfig {
  pool: Pair;
  strides: Pair;
  padding: Padding;
}

/** A layer's kind and its configuration; `kind` is also the layer's `type` in summaries. */
export type LayerSpec =
  | { kind: "conv2d"; config: ConvConfig }
  | { kind: "depthwise_conv2d"; config: DepthwiseConfig }
  | { kind: "separable_conv2d"; config: SeparableConfig }
  | { kind: "batchnorm"; config: BatchNormConfig }
  | { kind: "activation"; config: { activation: ActivationName } }
  /** Keras's `ReLU` layer with a cap (MobileNetV2's `ReLU(6.)`). */
  | { kind: "relu"; config: { maxValue: number | null } }
  | { kind: "add"; config: Record<string, never> }
  | { kind: "multiply"; config: Record<string, never> }
  /** Concatenation along the channel axis. */
  | { kind: "concat"; config: Record<string, never> }
  | { kind: "maxpool"; config: PoolConfig }
  | { kind: "avgpool"; config: PoolConfig }
  | { kind: "global_avg_pool"; config: Record<string, never> }
  /** PyTorch's `AdaptiveAvgPool2d`: averages over windows that split the input evenly into `output` cells. */
  | { kind: "adaptive_avg_pool"; config: { output: Pair } }
  | { kind: "zeropad"; config: { padding: [Pair, Pair] } }
  | { kind: "flatten"; config: Record<string, never> }
  | { kind: "reshape"; config: { targetShape: number[] } }
  /** `noiseShape` with `null` for the batch axis; EfficientNet's stochastic depth drops whole samples. */
  | { kind: "dropout"; config: { rate: number; noiseShape: (number | null)[] | null } }
  /** Always linear: the runtime trains on logits and applies softmax where probabilities are needed. */
  | { kind: "dense"; config: { units: number; useBias: boolean; activation: ActivationName } };

export type LayerKind = LayerSpec["kind"];

export type LayerNode = LayerSpec & {
  /** The tfjs / Keras layer name. */
  name: string;
  /** `group.rest.of.path`; the first segment is the layer's group. */
  path: string;
  group: string;
  /** Names of the layers (or the graph's input) this layer reads, in order. */
  inputs: string[];
  /** Output shape without the batch axis: `[height, width, channels]` or `[units]`. */
  outputShape: number[];
  /** Learnable values of this layer (not batch-norm moving statistics). */
  params: number;
};

export interface LayerGraph {
  arch: string;
  /** The framework build (`torchvision` or `keras`). */
  variant: "torchvision" | "keras";
  input: { name: string; shape: [number, number, number] };
  /** In model (construction) order; every layer's inputs come before it. */
  layers: LayerNode[];
  /** The name of the layer whose output is the logits. */
  output: string;
  /** Group names in model order, ending in `head`. */
  groups: string[];
}
