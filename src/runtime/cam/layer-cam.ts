import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { TfNamespace } from "../tf.js";
import { minMaxInPlace } from "./normalize.js";
import type { Topology } from "./topology.js";

/** Which class each image's map explains: a class index, or the class the model predicts. */
export type CamTarget = number | "predicted";

export interface CamBatchResult {
  /** N x classes logits (before softmax), from the same forward pass. */
  logits: Float32Array;
  /** The class each map explains. */
  targets: Int32Array;
  /** Per requested layer, N maps of height x width, each scaled to [0, 1]. */
  maps: Float32Array[];
}

/**
 * LayerCAM (Jiang et al., 2021) for a batch, as issue 13 defines it: y_c is the target logit
 * before softmax; for a layer with output A, M = ReLU(sum_k ReLU(dy_c/dA_k) * A_k) at the layer's
 * resolution, upsampled bilinearly with half-pixel centres (PyTorch's align_corners=False) to the
 * input's size, then scaled per image to [0, 1]. Every layer of the model runs in inference mode
 * (batch norm with its moving statistics, no dropout), so images do not influence each other and
 * one backward pass of the summed target logits gives every image's own gradients.
 *
 * The model is run layer by layer, and each requested layer's output A gets a zero tensor added:
 * the gradient with respect to that zero is dy_c/dA, whatever paths (residual or parallel)
 * lead from A to the logits.
 */
export function layerCamBatch(
  tf: TfNamespace,
  model: LayersModel,
  topology: Topology,
  images: Tensor4D,
  layers: readonly string[],
  target: CamTarget | Int32Array,
): CamBatchResult {
  const [n, height, width] = images.shape;
  let logits!: Float32Array;
  let targets!: Int32Array;
  const raw = tf.tidy(() => {
    const activations = new Map<string, Tensor>();
    const shapes = probeShapes(model, topology, images, layers);
    const probes = shapes.map((shape) => tf.zeros(shape));
    const objective = (...deltas: Tensor[]) => {
      const out = forward(model, topology, images, (name, value) => {
        const at = layers.indexOf(name);
        if (at < 0) return value;
        // tf.grads disposes what the objective made; A is needed afterwards.
        activations.set(name, tf.keep(value));
        return tf.add(value, deltas[at]!);
      });
      logits = out.dataSync() as Float32Array;
      targets = resolveTargets(logits, n, target);
      const mask = tf.oneHot(tf.tensor1d(targets, "int32"), out.shape[1]!);
      return tf.sum(tf.mul(out, mask));
    };
    try {
      const grads = tf.grads(objective)(probes);
      return layers.map((name, i) => {
        const a = activations.get(name)!;
        const m = tf.relu(tf.sum(tf.mul(tf.relu(grads[i]!), a), 3, true)) as Tensor4D;
        return tf.image.resizeBilinear(m, [height, width], false, true);
      });
    } finally {
      tf.dispose([...activations.values()]);
    }
  });
  const maps = raw.map((t) => {
    const values = Float32Array.from(t.dataSync() as Float32Array);
    t.dispose();
    return minMaxInPlace(values, n, height * width);
  });
  return { logits, targets, maps };
}

/** Runs the model layer by layer in inference mode; `visit` may replace each layer's output. */
export function forward(
  model: LayersModel,
  topology: Topology,
  input: Tensor,
  visit: (name: string, value: Tensor) => Tensor = (_, v) => v,
): Tensor {
  const values = new Map<string, Tensor>([[topology.input, input]]);
  for (const node of topology.nodes) {
    const inputs = node.inputs.map((name) => values.get(name)!);
    const out = model
      .getLayer(node.name)
      .apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as Tensor;
    values.set(node.name, visit(node.name, out));
  }
  return values.get(topology.output)!;
}

/**
 * The shapes of the layers' outputs for these images: the model's own when the images have its
 * input size, else (`--native`) from a forward pass, since convolutions take any size.
 */
function probeShapes(model: LayersModel, topology: Topology, images: Tensor4D, layers: readonly string[]): number[][] {
  const declared = model.inputs[0]!.shape.slice(1, 3);
  const n = images.shape[0];
  if (declared.every((d, i) => d === images.shape[i + 1])) {
    return layers.map((name) => [n, ...(model.getLayer(name).outputShape as number[]).slice(1)]);
  }
  const shapes = new Map<string, number[]>();
  forward(model, topology, images, (name, value) => {
    if (layers.includes(name)) shapes.set(name, value.shape);
    return value;
  });
  return layers.map((name) => shapes.get(name)!);
}

function resolveTargets(logits: Float32Array, n: number, target: CamTarget | Int32Array): Int32Array {
  if (target instanceof Int32Array) return target;
  if (target !== "predicted") return new Int32Array(n).fill(target);
  const classes = logits.length / n;
  return Int32Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
    return best;
  });
}
