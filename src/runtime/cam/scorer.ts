import type { LayersModel } from "@tensorflow/tfjs-layers";
import { predictBatch } from "../step.js";
import type { TfNamespace } from "../tf.js";
import type { Scorer } from "./faithfulness.js";

/** Softmax probabilities of a model in inference mode, `batch` images at a time. */
export function modelScorer(
  tf: TfNamespace,
  model: LayersModel,
  shape: { height: number; width: number; channels: number },
  batch = 16,
): Scorer {
  const size = shape.height * shape.width * shape.channels;
  return async (images, count) => {
    const parts: Float32Array[] = [];
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      parts.push(
        await predictBatch(tf, model, images.subarray(start * size, (start + n) * size), [
          n,
          shape.height,
          shape.width,
          shape.channels,
        ]),
      );
    }
    const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
    parts.reduce((offset, p) => (out.set(p, offset), offset + p.length), 0);
    return out;
  };
}
