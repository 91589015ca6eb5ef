import { RunFailure } from "../diagnostics/run-failure.js";
import type { NamedArray, WeightTarget } from "./types.js";

/**
 * torchvision's ResNet18/34 `state_dict` names mapped to the model's Keras-style names. The
 * model's layer paths are torchvision's module paths, except that the stem's `conv1`/`bn1` sit
 * under `stem.` and `fc` under `head.`: `layer1.0.downsample.1.running_mean` is the weight
 * `moving_mean` of the layer whose path is `layer1.0.downsample.1` (`conv2_block1_0_bn`).
 * Conv kernels go from OIHW to HWIO, dense kernels from (out, in) to (in, out).
 */
const PARAMS: Record<string, { conv: string; batchNorm: string; dense: string }> = {
  weight: { conv: "kernel", batchNorm: "gamma", dense: "kernel" },
  bias: { conv: "bias", batchNorm: "beta", dense: "bias" },
  running_mean: { conv: "", batchNorm: "moving_mean", dense: "" },
  running_var: { conv: "", batchNorm: "moving_variance", dense: "" },
};

export function fromTorchvision(tensors: readonly NamedArray[], built: WeightTarget, source: string): NamedArray[] {
  const byPath = new Map(built.layers.map((l) => [l.path, l]));
  const out: NamedArray[] = [];
  for (const t of tensors) {
    const cut = t.name.lastIndexOf(".");
    const module = t.name.slice(0, cut);
    const param = t.name.slice(cut + 1);
    if (param === "num_batches_tracked") continue;
    const layer = byPath.get(module) ?? byPath.get(`stem.${module}`) ?? byPath.get(`head.${module}`);
    const kind = layer?.batchNorm ? "batchNorm" : t.shape.length === 4 ? "conv" : "dense";
    const weight = PARAMS[param]?.[kind];
    if (!layer || !weight) {
      // Unknown to this model: reported as unexpected by name.
      out.push({ ...t, name: `${t.name}/` });
      continue;
    }
    out.push({ name: `${layer.name}/${weight}`, ...transposed(t, kind, source) });
  }
  return out;
}

function transposed(t: NamedArray, kind: string, source: string): { shape: number[]; values: Float32Array } {
  if (kind === "conv" && t.shape.length === 4) {
    const [o, i, h, w] = t.shape as [number, number, number, number];
    const values = new Float32Array(t.values.length);
    for (let a = 0; a < o; a++)
      for (let b = 0; b < i; b++)
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) values[((y * w + x) * i + b) * o + a] = t.values[((a * i + b) * h + y) * w + x]!;
    return { shape: [h, w, i, o], values };
  }
  if (kind === "dense" && t.shape.length === 2) {
    const [o, i] = t.shape as [number, number];
    const values = new Float32Array(t.values.length);
    for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) values[b * o + a] = t.values[a * i + b]!;
    return { shape: [i, o], values };
  }
  if (t.shape.length !== 1) throw new RunFailure("THTL4002", { file: source, reason: `tensor '${t.name}' has the unexpected shape [${t.shape.join(", ")}]` });
  return { shape: t.shape, values: t.values };
}
