import { inferenceForward } from "../forward/forward.js";
import type { TfNamespace } from "../tf.js";
import type { Sizing } from "./input-size.js";
import { acceptsAnySize, InferenceModels, InferenceError, type ModelSource } from "./load-model.js";
import { readModelImage } from "./read-image.js";

export interface Prediction {
  file: string;
  /** The size the image was fed at. */
  height: number;
  width: number;
  /** The classifier's outputs before softmax, in class order. */
  logits: number[];
  probabilities: number[];
  /** The `k` most probable classes, most probable first. */
  top: { class: string; index: number; probability: number }[];
}

/**
 * Applies a model to image files one at a time, each sized as `sizing` says and preprocessed as
 * the model's metadata records (its framework's normalisation and channel order), and reports
 * each prediction as it is made.
 */
export async function predictImages(
  tf: TfNamespace,
  source: ModelSource,
  files: readonly string[],
  options: { sizing: Sizing; top: number },
  report: (prediction: Prediction) => void,
): Promise<void> {
  const { metadata } = source;
  if (options.sizing.kind === "native" && !acceptsAnySize(metadata)) {
    throw new InferenceError(
      `--native: ${metadata.arch} (${metadata.variant}) reads a feature map of a fixed size; give --size HxW`,
    );
  }
  const models = new InferenceModels(tf, source);
  try {
    for (const file of files) {
      const image = await readModelImage(file, options.sizing, metadata.normalization, metadata.input.channels);
      const model = models.at(image.height, image.width).model;
      const input = () => tf.tensor4d(image.input, [1, image.height, image.width, image.channels]);
      const logits = Array.from(tf.tidy(() => inferenceForward(tf, model, input()).dataSync()));
      report(prediction(file, image, logits, metadata.classes, options.top));
    }
  } finally {
    models.dispose();
  }
}

function prediction(
  file: string,
  size: { height: number; width: number },
  logits: number[],
  classes: string[],
  k: number,
): Prediction {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((v) => v / sum);
  const order = probabilities.map((p, index) => ({ p, index })).sort((a, b) => b.p - a.p || a.index - b.index);
  const top = order
    .slice(0, k)
    .map(({ p, index }) => ({ class: classes[index] ?? `class ${index}`, index, probability: p }));
  return { file, height: size.height, width: size.width, logits, probabilities, top };
}
