import type { Layer } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { LayerCall, ModelGraph } from "./graph.js";
import type { BatchNormActivation, ConvBatchNorm, ConvKind, ExplicitPadding, ForwardStep } from "./steps.js";

/** The geometry in a convolution layer's config (tfjs-layers' names). */
interface ConvConfig {
  strides: [number, number];
  padding: "same" | "valid";
  dilationRate: number | [number, number];
}

const CONV_KINDS: ReadonlySet<string> = new Set<ConvKind>(["Conv2D", "DepthwiseConv2D", "SeparableConv2D"]);

/** Where each tensor comes from and, if one call alone reads it, that call. */
interface Links {
  producer: Map<number, LayerCall>;
  soleReader(call: LayerCall): LayerCall | undefined;
}

/**
 * The graph's calls with each convolution -> batch norm (-> ReLU or ReLU6) chain, and each other
 * batch norm -> ReLU or ReLU6 pair, as one step in the place of the chain's first call: nothing
 * between reads the chain's inner tensors, which only the next link reads, so the chain's input
 * is ready there and its output is not needed before.
 */
export function fuseSteps(graph: ModelGraph): ForwardStep[] {
  const links = linksOf(graph);
  const steps = new Map<LayerCall, ForwardStep>();
  const absorbed = new Set<LayerCall>();
  for (const bn of graph.calls) {
    if (!isBatchNorm(bn.layer)) continue;
    const chain = convChain(links, bn) ?? activationPair(links, bn);
    if (chain === undefined) continue;
    steps.set(chain.calls[0]!, chain.step);
    chain.calls.slice(1).forEach((call) => absorbed.add(call));
  }
  return graph.calls.flatMap((call): ForwardStep[] => {
    if (absorbed.has(call)) return [];
    return [steps.get(call) ?? { kind: "layer", call }];
  });
}

function linksOf(graph: ModelGraph): Links {
  const producer = new Map<number, LayerCall>();
  const reader = new Map<number, LayerCall>();
  for (const call of graph.calls) {
    for (const id of call.outputs) producer.set(id, call);
    for (const id of call.inputs) reader.set(id, call);
  }
  const soleReader = (call: LayerCall): LayerCall | undefined =>
    call.outputs.length === 1 && graph.readers.get(call.outputs[0]!) === 1 ? reader.get(call.outputs[0]!) : undefined;
  return { producer, soleReader };
}

/** The fused calls, in order, and the step that runs them. */
interface Chain {
  calls: LayerCall[];
  step: ForwardStep;
}

/** [zero padding ->] convolution -> `bn` [-> activation], where the convolution can take the fold. */
function convChain({ producer, soleReader }: Links, bn: LayerCall): Chain | undefined {
  const conv = producer.get(bn.inputs[0]!);
  if (conv === undefined || soleReader(conv) !== bn || !foldable(conv)) return undefined;
  const next = soleReader(bn);
  const activation = next && activationOf(next.layer);
  const last = activation ? next! : bn;
  const pad = producer.get(conv.inputs[0]!);
  const padding = pad && soleReader(pad) === conv ? paddingOf(pad.layer, conv.layer) : undefined;
  const { strides, padding: own, dilationRate } = conv.layer.getConfig() as unknown as ConvConfig;
  const dilations = typeof dilationRate === "number" ? [dilationRate, dilationRate] : dilationRate;
  const step: ConvBatchNorm = {
    kind: "conv-bn",
    conv: conv.layer,
    convKind: conv.layer.getClassName() as ConvKind,
    bn: bn.layer,
    activation: activation ?? "linear",
    geometry: { strides, pad: padding ?? own, dilations: dilations as [number, number] },
    input: padding ? pad!.inputs[0]! : conv.inputs[0]!,
    output: last.outputs[0]!,
  };
  const calls = [...(padding ? [pad!] : []), conv, bn, ...(activation ? [next!] : [])];
  return { calls, step };
}

/** `bn` -> ReLU or ReLU6. */
function activationPair({ soleReader }: Links, bn: LayerCall): Chain | undefined {
  const next = soleReader(bn);
  const activation = next && activationOf(next.layer);
  if (activation === undefined) return undefined;
  const clamp: [number, number] = activation === "relu" ? [0, Infinity] : [0, 6];
  const step: BatchNormActivation = {
    kind: "bn-activation",
    bn,
    activation: next!,
    clamp,
    epsilon: (bn.layer.getConfig() as { epsilon: number }).epsilon,
    input: bn.inputs[0]!,
    output: next!.outputs[0]!,
  };
  return { calls: [bn, next!], step };
}

/** A batch norm over the last axis, the layout the folded weights assume. */
function isBatchNorm(layer: Layer): boolean {
  if (layer.getClassName() !== "BatchNormalization") return false;
  const { axis } = layer.getConfig() as { axis: number | number[] };
  return axis === -1 || axis === 3;
}

/** A channels-last convolution of one input without an activation of its own. */
function foldable(call: LayerCall): boolean {
  if (!CONV_KINDS.has(call.layer.getClassName()) || call.inputs.length !== 1) return false;
  const { activation, dataFormat } = call.layer.getConfig() as { activation: string; dataFormat: string };
  return activation === "linear" && dataFormat === "channelsLast";
}

/** The fused activation a layer applies, if it is one. */
function activationOf(layer: Layer): "relu" | "relu6" | undefined {
  const config = layer.getConfig() as { activation?: string; maxValue?: number | null };
  if (layer.getClassName() === "ReLU") {
    if (config.maxValue == null) return "relu";
    return config.maxValue === 6 ? "relu6" : undefined;
  }
  if (layer.getClassName() !== "Activation") return undefined;
  return config.activation === "relu" || config.activation === "relu6" ? config.activation : undefined;
}

/** A channels-last zero padding's as the explicit padding of a convolution that pads nothing (not separable). */
function paddingOf(pad: Layer, conv: Layer): ExplicitPadding | undefined {
  if (pad.getClassName() !== "ZeroPadding2D" || conv.getClassName() === "SeparableConv2D") return undefined;
  const { padding, dataFormat } = pad.getConfig() as {
    padding: [[number, number], [number, number]];
    dataFormat: string;
  };
  if (dataFormat !== "channelsLast" || (conv.getConfig() as { padding: string }).padding !== "valid") return undefined;
  return [[0, 0], padding[0], padding[1], [0, 0]];
}
