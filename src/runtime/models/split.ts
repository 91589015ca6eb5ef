import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs-layers";
import { groupBoundary } from "../../models/boundaries.js";
import type { LayerGraph } from "../../models/graph.js";
import type { TfNamespace } from "../tf.js";

export interface SplitModel {
  /** Images -> the boundary layer's output. */
  prefix: LayersModel;
  /** The boundary layer's output -> logits. */
  suffix: LayersModel;
  /** The name of the last layer of the prefix. */
  boundary: string;
}

/**
 * Cuts a built model after `group` into two models that share its layers (and so its weights):
 * the frozen prefix can then run once and its output be cached, and the suffix trains on that.
 * Null when more than one tensor crosses the cut (see `groupBoundary`); in the catalogue every
 * group but `head` ends at a single tensor.
 */
export function splitAtGroup(
  tf: TfNamespace,
  built: { model: LayersModel; graph: LayerGraph },
  group: string,
): SplitModel | null {
  const { model, graph } = built;
  const boundary = groupBoundary(graph, group);
  if (boundary === undefined) return null;
  // Node 0 is the layer's call in the full model; later splits add calls of their own.
  const cut = model.getLayer(boundary).getOutputAt(0) as SymbolicTensor;
  const prefix = tf.model({ inputs: model.inputs, outputs: cut, name: `${model.name}_to_${group}` });
  const start = graph.layers.findIndex((node) => node.name === boundary) + 1;
  const input = tf.input({ shape: cut.shape.slice(1) as number[], name: `${boundary}_features` });
  const tensors = new Map<string, SymbolicTensor>([[boundary, input]]);
  for (const node of graph.layers.slice(start)) {
    const inputs = node.inputs.map((name) => tensors.get(name)!);
    tensors.set(
      node.name,
      model.getLayer(node.name).apply(inputs.length === 1 ? inputs[0]! : inputs) as SymbolicTensor,
    );
  }
  const suffix = tf.model({ inputs: input, outputs: tensors.get(graph.output)!, name: `${model.name}_after_${group}` });
  return { prefix, suffix, boundary };
}
