import type { LayerGraph, LayerNode } from "./graph.js";

/** One weight of a layer as Keras names and orders it: `conv1_conv/kernel`, `[7, 7, 3, 64]`. */
export interface WeightSpec {
  name: string;
  shape: number[];
}

/** A layer that has weights, with them in Keras's order (the order of a Keras `.h5` file's `weight_names`). */
export interface LayerWeights {
  layer: string;
  path: string;
  kind: LayerNode["kind"];
  weights: WeightSpec[];
}

/**
 * Every weight of a graph's model with its shape, derived from the layer graph alone, so that a
 * weights file can be checked and mapped without building the model in TensorFlow.js.
 */
export function graphWeights(graph: LayerGraph): LayerWeights[] {
  const shapes = new Map<string, number[]>([[graph.input.name, graph.input.shape]]);
  for (const node of graph.layers) shapes.set(node.name, node.outputShape);
  return graph.layers.flatMap((node) => {
    const inputShape = shapes.get(node.inputs[0]!)!;
    const weights = layerWeights(node, inputShape.at(-1)!).map(([weight, shape]) => ({
      name: `${node.name}/${weight}`,
      shape,
    }));
    return weights.length === 0 ? [] : [{ layer: node.name, path: node.path, kind: node.kind, weights }];
  });
}

function layerWeights(node: LayerNode, channels: number): [string, number[]][] {
  switch (node.kind) {
    case "conv2d": {
      const { kernel, filters, useBias } = node.config;
      return [["kernel", [...kernel, channels, filters]], ...bias(useBias, filters)];
    }
    case "depthwise_conv2d": {
      const { kernel, depthMultiplier, useBias } = node.config;
      return [
        ["depthwise_kernel", [...kernel, channels, depthMultiplier]],
        ...bias(useBias, channels * depthMultiplier),
      ];
    }
    case "separable_conv2d": {
      const { kernel, depthMultiplier, filters, useBias } = node.config;
      return [
        ["depthwise_kernel", [...kernel, channels, depthMultiplier]],
        ["pointwise_kernel", [1, 1, channels * depthMultiplier, filters]],
        ...bias(useBias, filters),
      ];
    }
    case "batchnorm": {
      const { scale, center } = node.config;
      const out: [string, number[]][] = [];
      if (scale) out.push(["gamma", [channels]]);
      if (center) out.push(["beta", [channels]]);
      return [...out, ["moving_mean", [channels]], ["moving_variance", [channels]]];
    }
    case "dense":
      return [["kernel", [channels, node.config.units]], ...bias(node.config.useBias, node.config.units)];
    default:
      return [];
  }
}

const bias = (useBias: boolean, size: number): [string, number[]][] => (useBias ? [["bias", [size]]] : []);
