import { gaussianBlur } from "./blur.js";

/** Class probabilities (softmax) of `count` NHWC images, `classes` per image. */
export type Scorer = (images: Float32Array, count: number) => Promise<Float32Array>;

/** Steps of the deletion and insertion curves: 1/32 of the pixels change per step. */
export const CURVE_STEPS = 32;

export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/** Pixel positions from the map's highest value to its lowest; ties keep image order. */
export function saliencyOrder(map: Float32Array): Int32Array {
  return Int32Array.from(map.keys()).sort((a, b) => map[b]! - map[a]! || a - b);
}

/**
 * The target class's probability along RISE's curve (Petsiuk et al., 2018): at step t of `steps`,
 * the first round(t * P / steps) pixels of the map's order (all channels) come from `to`, the
 * rest from `from`. Deletion goes from the image to its baseline; insertion the other way.
 */
export async function curve(
  score: Scorer,
  from: Float32Array,
  to: Float32Array,
  order: Int32Array,
  shape: ImageShape,
  target: number,
  steps = CURVE_STEPS,
  batch = 16,
): Promise<number[]> {
  const pixels = shape.height * shape.width;
  const size = pixels * shape.channels;
  const points: number[] = [];
  for (let first = 0; first <= steps; first += batch) {
    const count = Math.min(batch, steps + 1 - first);
    const images = new Float32Array(count * size);
    for (let i = 0; i < count; i++) {
      const image = images.subarray(i * size, (i + 1) * size);
      image.set(from);
      const changed = Math.round(((first + i) * pixels) / steps);
      for (let p = 0; p < changed; p++) {
        const at = order[p]! * shape.channels;
        for (let c = 0; c < shape.channels; c++) image[at + c] = to[at + c]!;
      }
    }
    const probs = await score(images, count);
    const classes = probs.length / count;
    for (let i = 0; i < count; i++) points.push(probs[i * classes + target]!);
  }
  return points;
}

/** The area under a curve sampled at evenly spaced points over [0, 1] (trapezoids). */
export function areaUnder(points: readonly number[]): number {
  let sum = 0;
  for (let i = 1; i < points.length; i++) sum += (points[i - 1]! + points[i]!) / 2;
  return sum / (points.length - 1);
}

export interface CurveAucs {
  /** Lower is better: the probability falls fast when the map's pixels go first. */
  deletion: number;
  /** Higher is better: the probability rises fast when the map's pixels come first. */
  insertion: number;
}

/**
 * Deletion and insertion AUC of one image's map, on normalised input: deletion replaces pixels
 * with zeros (the dataset's mean colour), insertion starts from the image blurred (sigma 5), as in
 * RISE. `baseline` overrides the insertion start (tests).
 */
export async function curveAucs(
  score: Scorer,
  image: Float32Array,
  map: Float32Array,
  shape: ImageShape,
  target: number,
  options: { steps?: number; baseline?: Float32Array } = {},
): Promise<CurveAucs> {
  const order = saliencyOrder(map);
  const zeros = new Float32Array(image.length);
  const blurred = options.baseline ?? gaussianBlur(image, shape.height, shape.width, shape.channels);
  const deletion = areaUnder(await curve(score, image, zeros, order, shape, target, options.steps));
  const insertion = areaUnder(await curve(score, blurred, image, order, shape, target, options.steps));
  return { deletion, insertion };
}

/** The image with every pixel scaled by the map (Grad-CAM++'s explanation map E = M * I). */
export function explanationImage(image: Float32Array, map: Float32Array, channels: number): Float32Array {
  return Float32Array.from(image, (v, i) => v * map[Math.floor(i / channels)]!);
}

export interface ConfidenceChange {
  /** 100 * mean of max(0, Y - O) / Y: lower is better. */
  averageDrop: number;
  /** 100 * the share of images whose O > Y: higher is better. */
  increaseInConfidence: number;
}

/**
 * Average Drop and Increase in Confidence (Chattopadhyay et al., Grad-CAM++, 2018) from the target
 * class's probability on each full image (Y) and on its explanation image (O).
 */
export function confidenceChange(full: readonly number[], explained: readonly number[]): ConfidenceChange {
  const n = full.length;
  if (n === 0) return { averageDrop: 0, increaseInConfidence: 0 };
  const drop = full.reduce((sum, y, i) => sum + (y > 0 ? Math.max(0, y - explained[i]!) / y : 0), 0);
  const increase = full.filter((y, i) => explained[i]! > y).length;
  return { averageDrop: (100 * drop) / n, increaseInConfidence: (100 * increase) / n };
}
