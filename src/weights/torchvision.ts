import type { LayerGraph, LayerNode } from "../models/graph.js";
import { TORCHVISION_LEFT_OUT, torchvisionModules } from "../models/torchvision-names.js";
import { RunFailure } from "../diagnostics/run-failure.js";
import type { NamedArray, WeightTarget } from "./types.js";

/**
 * torchvision `state_dict` names mapped to the model's Keras-style names. For a catalogue model
 * built as its torchvision variant, `torchvisionModules` says which module each layer is
 * (`features.3.conv.1.0` -> `block2.0.depthwise`'s layer); for other models (ResNet-style test
 * nets) the layer paths are the module paths, except that the stem's `conv1`/`bn1` sit under
 * `stem.` and `fc` under `head.`. Conv kernels go from OIHW to HWIO, depthwise kernels from
 * (C, 1, H, W) to (H, W, C, 1), dense kernels from (out, in) to (in, out), and the first dense
 * layer after a flatten has its inputs reordered from PyTorch's (C, H, W) to tfjs's (H, W, C).
 */
const PARAMS: Record<string, { conv: string; batchNorm: string; dense: string }> = {
  weight: { conv: "kernel", batchNorm: "gamma", dense: "kernel" },
  bias: { conv: "bias", batchNorm: "beta", dense: "bias" },
  running_mean: { conv: "", batchNorm: "moving_mean", dense: "" },
  running_var: { conv: "", batchNorm: "moving_variance", dense: "" },
};

type Kind = "conv" | "depthwise" | "batchNorm" | "dense";

interface Target {
  name: string;
  kind: Kind;
  node?: LayerNode;
}

/** The old spelling of DenseNet's published files (`norm.1` for `norm1`), as torchvision rewrites it on load. */
const OLD_DENSENET_KEY = /^(.*denselayer\d+\.(?:norm|relu|conv))\.((?:[12])\.(?:weight|bias|running_mean|running_var))$/;

export function fromTorchvision(tensors: readonly NamedArray[], built: WeightTarget & { graph?: LayerGraph }, source: string): NamedArray[] {
  const { graph } = built;
  if (graph && graph.variant !== "torchvision") {
    const reason = `it holds torchvision weights, which compute another function in the Keras build of ${graph.arch}; use its torchvision variant`;
    throw new RunFailure("THTL4002", { file: source, reason });
  }
  const find = targets(built);
  const leftOut = graph ? TORCHVISION_LEFT_OUT[graph.arch] : undefined;
  const out: NamedArray[] = [];
  for (const t of tensors) {
    const key = t.name.replace(OLD_DENSENET_KEY, "$1$2");
    const cut = key.lastIndexOf(".");
    const param = key.slice(cut + 1);
    if (param === "num_batches_tracked") continue;
    const target = leftOut && key.startsWith(leftOut) ? undefined : find(key.slice(0, cut), t.shape);
    const weight = target && PARAMS[param]?.[target.kind === "depthwise" ? "conv" : target.kind];
    if (!target || !weight) {
      // Unknown to this model (or left out, as InceptionV3's auxiliary classifier): reported as unexpected by name.
      out.push({ ...t, name: `${t.name}/` });
      continue;
    }
    const renamed = target.kind === "depthwise" && weight === "kernel" ? "depthwise_kernel" : weight;
    out.push({ name: `${target.name}/${renamed}`, ...transposed(t, target, graph, source) });
  }
  return out;
}

function targets(built: WeightTarget & { graph?: LayerGraph }): (module: string, shape: number[]) => Target | undefined {
  const nodes = new Map(built.graph?.layers.map((node) => [node.name, node]));
  const kindOf = (name: string, batchNorm: boolean, shape: number[]): Kind => {
    const node = nodes.get(name);
    if (batchNorm) return "batchNorm";
    if (node?.kind === "depthwise_conv2d") return "depthwise";
    return shape.length === 4 ? "conv" : "dense";
  };
  const modules = built.graph ? torchvisionModules(built.graph) : new Map<string, string>();
  const byPath = new Map(built.layers.map((l) => [l.path, l]));
  const byName = new Map(built.layers.map((l) => [l.name, l]));
  return (module, shape) => {
    const named = modules.get(module);
    const layer = named !== undefined ? byName.get(named) : (byPath.get(module) ?? byPath.get(`stem.${module}`) ?? byPath.get(`head.${module}`));
    if (!layer) return undefined;
    return { name: layer.name, kind: kindOf(layer.name, layer.batchNorm, shape), node: nodes.get(layer.name) };
  };
}

function transposed(t: NamedArray, target: Target, graph: LayerGraph | undefined, source: string): { shape: number[]; values: Float32Array } {
  if (target.kind === "depthwise" && t.shape.length === 4) {
    const [c, , h, w] = t.shape as [number, number, number, number];
    const values = new Float32Array(t.values.length);
    for (let a = 0; a < c; a++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values[(y * w + x) * c + a] = t.values[(a * h + y) * w + x]!;
    return { shape: [h, w, c, 1], values };
  }
  if (target.kind === "conv" && t.shape.length === 4) {
    const [o, i, h, w] = t.shape as [number, number, number, number];
    const values = new Float32Array(t.values.length);
    for (let a = 0; a < o; a++)
      for (let b = 0; b < i; b++)
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values[((y * w + x) * i + b) * o + a] = t.values[((a * i + b) * h + y) * w + x]!;
    return { shape: [h, w, i, o], values };
  }
  if (target.kind === "dense" && t.shape.length === 2) return denseKernel(t, flattenedShape(target.node, graph));
  if (t.shape.length !== 1) throw new RunFailure("THTL4002", { file: source, reason: `tensor '${t.name}' has the unexpected shape [${t.shape.join(", ")}]` });
  return { shape: t.shape, values: t.values };
}

/** The [height, width, channels] feature map a dense layer reads through a flatten, if it does. */
function flattenedShape(node: LayerNode | undefined, graph: LayerGraph | undefined): number[] | undefined {
  const input = node && graph?.layers.find((l) => l.name === node.inputs[0]);
  if (input?.kind !== "flatten") return undefined;
  return graph!.layers.find((l) => l.name === input.inputs[0])?.outputShape;
}

function denseKernel(t: NamedArray, features: number[] | undefined): { shape: number[]; values: Float32Array } {
  const [o, i] = t.shape as [number, number];
  // PyTorch flattens (C, H, W); tfjs flattens (H, W, C).
  const [h, w, c] = features?.length === 3 && features[0]! * features[1]! * features[2]! === i ? (features as [number, number, number]) : [1, 1, i];
  const values = new Float32Array(t.values.length);
  for (let a = 0; a < o; a++)
    for (let ch = 0; ch < c; ch++)
      for (let p = 0; p < h * w; p++) values[(p * c + ch) * o + a] = t.values[a * i + ch * h * w + p]!;
  return { shape: [i, o], values };
}
