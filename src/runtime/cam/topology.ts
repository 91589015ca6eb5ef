import type { LayersModel } from "@tensorflow/tfjs-layers";

/** One layer of a functional model and the layers it reads, in an order where inputs come first. */
export interface TopologyNode {
  name: string;
  inputs: string[];
}

export interface Topology {
  input: string;
  nodes: TopologyNode[];
  output: string;
}

interface NodeLike {
  inboundLayers: { name: string }[];
}

/**
 * The layer graph of a single-input, single-output functional model, read from the model itself
 * so that any model works (built from the catalogue, loaded from `model.json`, a test's own).
 * A layer's first inbound node is its call in the whole model: splitting a model for cached
 * prefixes adds later calls, never earlier ones.
 */
export function modelTopology(model: LayersModel): Topology {
  if (model.inputLayers.length !== 1 || model.outputLayers.length !== 1) {
    throw new Error(
      `maps need a model with one input and one output; '${model.name}' has ${model.inputLayers.length} and ${model.outputLayers.length}`,
    );
  }
  const input = model.inputLayers[0]!.name;
  const nodes = model.layers
    .filter((layer) => layer.name !== input)
    .map((layer) => {
      const first = (layer as unknown as { inboundNodes: NodeLike[] }).inboundNodes[0]!;
      return { name: layer.name, inputs: first.inboundLayers.map((l) => l.name) };
    });
  return { input, nodes, output: model.outputLayers[0]!.name };
}
