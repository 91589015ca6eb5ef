import type { Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { TfNamespace } from "../tf.js";
import { releaseFolded } from "./folded-weights.js";
import { runBatchNormActivation } from "./batch-norm-activation.js";
import { runConvBatchNorm } from "./conv-batch-norm.js";
import { fuseSteps } from "./fusion.js";
import type { ForwardStep } from "./steps.js";
import { applyCall, modelGraph, type ModelGraph } from "./graph.js";

interface Program {
  graph: ModelGraph;
  steps: ForwardStep[];
}

const programs = new WeakMap<LayersModel, Program | null>();

/**
 * A model's output for `x` in inference mode (batch norm on its moving statistics, no dropout), as
 * `model.apply(x, { training: false })` computes it, with each convolution's batch norm and ReLU
 * folded into it and other batch norms run with their ReLU (`fusion.ts`), as PyTorch's and ONNX's
 * inference graphs fuse them (docs/runtime.md). Each tensor is freed after its last reader. Models
 * of more than one input or output run as tfjs-layers runs them.
 */
export function inferenceForward(tf: TfNamespace, model: LayersModel, x: Tensor): Tensor {
  const program = programOf(model);
  if (program === null) return model.apply(x, { training: false }) as Tensor;
  return tf.tidy(() => run(tf, program, x));
}

/**
 * Frees the folds kept for a model's inference (and what the kernels derived from folded filters)
 * at the end of an evaluation or a pass over a split: during training the weights change before
 * the next one, and training would carry the folds (folded filters, on backends without thtl's
 * kernels) until then.
 */
export function releaseInference(model: LayersModel): void {
  for (const layer of model.layers) releaseFolded(layer);
}

function programOf(model: LayersModel): Program | null {
  let program = programs.get(model);
  if (program === undefined) {
    const single = model.inputs.length === 1 && model.outputs.length === 1;
    const graph = single ? modelGraph(model) : null;
    program = graph && { graph, steps: fuseSteps(graph) };
    programs.set(model, program);
  }
  return program;
}

function run(tf: TfNamespace, { graph, steps }: Program, x: Tensor): Tensor {
  const values = new Map<number, Tensor>([[graph.inputs[0]!, x]]);
  const unread = new Map(graph.readers);
  // A layer may return its input (dropout in inference): a tensor is freed when no id holds it.
  const holders = new Map<Tensor, number>([[x, 1]]);
  const hold = (id: number, value: Tensor) => {
    values.set(id, value);
    holders.set(value, (holders.get(value) ?? 0) + 1);
  };
  const release = (id: number) => {
    const left = unread.get(id)! - 1;
    unread.set(id, left);
    if (left > 0) return;
    const value = values.get(id)!;
    values.delete(id);
    const held = holders.get(value)! - 1;
    holders.set(value, held);
    if (held === 0 && value !== x) value.dispose();
  };
  for (const step of steps) {
    if (step.kind !== "layer") {
      const input = values.get(step.input)!;
      const output =
        step.kind === "conv-bn" ? runConvBatchNorm(tf, step, input) : runBatchNormActivation(tf, step, input);
      hold(step.output, output);
      release(step.input);
      continue;
    }
    const { inputs, outputs } = step.call;
    const produced = applyCall(
      step.call,
      inputs.map((id) => values.get(id)!),
    );
    outputs.forEach((id, i) => hold(id, produced[i]!));
    inputs.forEach(release);
  }
  return values.get(graph.outputs[0]!)!;
}
