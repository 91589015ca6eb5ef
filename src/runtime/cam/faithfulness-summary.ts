import {
  confidenceChange,
  curveAucs,
  CURVE_STEPS,
  explanationImage,
  type ImageShape,
  type Scorer,
} from "./faithfulness.js";

/** The faithfulness of a set of maps, as `thtl cam --metrics` prints and `metrics.json` records it. */
export interface Faithfulness {
  images: number;
  /** Mean deletion AUC (lower is better). */
  deletion: number;
  /** Mean insertion AUC (higher is better). */
  insertion: number;
  averageDrop: number;
  increaseInConfidence: number;
  steps: number;
}

/**
 * Every check over `count` images (normalised NHWC) and their maps (H x W, in [0, 1]), each map
 * explaining `targets[i]`.
 */
export async function faithfulness(
  score: Scorer,
  images: Float32Array,
  maps: Float32Array,
  targets: Int32Array,
  shape: ImageShape,
  steps = CURVE_STEPS,
): Promise<Faithfulness> {
  const count = targets.length;
  const size = shape.height * shape.width * shape.channels;
  const pixels = shape.height * shape.width;
  let deletion = 0;
  let insertion = 0;
  const full: number[] = [];
  const explained: number[] = [];
  for (let i = 0; i < count; i++) {
    const image = images.subarray(i * size, (i + 1) * size);
    const map = maps.subarray(i * pixels, (i + 1) * pixels);
    const aucs = await curveAucs(score, image, map, shape, targets[i]!, { steps });
    deletion += aucs.deletion;
    insertion += aucs.insertion;
    const both = new Float32Array(2 * size);
    both.set(image);
    both.set(explanationImage(image, map, shape.channels), size);
    const probs = await score(both, 2);
    const classes = probs.length / 2;
    full.push(probs[targets[i]!]!);
    explained.push(probs[classes + targets[i]!]!);
  }
  const change = confidenceChange(full, explained);
  return {
    images: count,
    deletion: count ? deletion / count : 0,
    insertion: count ? insertion / count : 0,
    ...change,
    steps,
  };
}
