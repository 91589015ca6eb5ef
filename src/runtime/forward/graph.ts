import type { Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { Layer, SymbolicTensor } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { Kwargs } from "@tensorflow/tfjs-layers/dist/types.js";

/** One call of a layer in a functional model: the symbolic tensors it reads and writes, by id. */
export interface LayerCall {
  layer: Layer;
  inputs: number[];
  outputs: number[];
  callArgs: Kwargs;
}

/** A functional model's layer calls in an order that computes every input before its use. */
export interface ModelGraph {
  inputs: number[];
  outputs: number[];
  calls: LayerCall[];
  /** Symbolic tensor id -> how many calls read it, the model's outputs counting once each. */
  readers: Map<number, number>;
}

/**
 * The calls that lead from a model's inputs to its outputs, read from its symbolic tensors: each
 * names the layer call (node) that made it. A layer shared by several models (a split's prefix
 * and the full model) has a node per model; only the ones on this model's paths are taken.
 */
export function modelGraph(model: LayersModel): ModelGraph {
  const inputs = model.inputs.map((t) => t.id);
  const known = new Set(inputs);
  const calls: LayerCall[] = [];
  const visit = (tensor: SymbolicTensor): void => {
    if (known.has(tensor.id)) return;
    const node = tensor.sourceLayer.inboundNodes[tensor.nodeIndex]!;
    if (node.inputTensors.length === 0)
      throw new Error(`model '${model.name}' reads '${tensor.name}', which is not among its inputs`);
    for (const input of node.inputTensors) visit(input);
    for (const output of node.outputTensors) known.add(output.id);
    calls.push({
      layer: tensor.sourceLayer,
      inputs: node.inputTensors.map((t) => t.id),
      outputs: node.outputTensors.map((t) => t.id),
      callArgs: node.callArgs ?? {},
    });
  };
  for (const output of model.outputs) visit(output);
  const readers = new Map<number, number>();
  const read = (id: number) => readers.set(id, (readers.get(id) ?? 0) + 1);
  for (const call of calls) call.inputs.forEach(read);
  const outputs = model.outputs.map((t) => t.id);
  outputs.forEach(read);
  return { inputs, outputs, calls, readers };
}

/** A layer call on `inputs` in inference mode (`training: false`), as tfjs-layers runs it: its outputs, in order. */
export function applyCall(call: LayerCall, inputs: Tensor[]): Tensor[] {
  const result = call.layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { ...call.callArgs, training: false });
  return (Array.isArray(result) ? result : [result]) as Tensor[];
}
