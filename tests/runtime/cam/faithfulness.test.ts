import { expect, test } from "vitest";
import { gaussianBlur, gaussianKernel } from "../../../src/runtime/cam/blur.js";
import {
  areaUnder,
  confidenceChange,
  curveAucs,
  explanationImage,
  saliencyOrder,
} from "../../../src/runtime/cam/faithfulness.js";
import { faithfulness } from "../../../src/runtime/cam/faithfulness-summary.js";

const SIDE = 16;
const shape = { height: SIDE, width: SIDE, channels: 1 };
/** The central 4 x 4 block: 16 of 256 pixels, one step of 16 curve steps. */
const inBlock = (p: number) => Math.floor(p / SIDE) >= 6 && Math.floor(p / SIDE) < 10 && p % SIDE >= 6 && p % SIDE < 10;
const image = Float32Array.from({ length: SIDE * SIDE }, (_, p) => (inBlock(p) ? 1 : 0));
/** A "model" whose class 0 probability is the mean of the block's pixels. */
const blockScore = async (images: Float32Array, count: number) => {
  const probs = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let p = 0; p < SIDE * SIDE; p++) if (inBlock(p)) sum += images[i * SIDE * SIDE + p]!;
    probs[2 * i] = sum / 16;
    probs[2 * i + 1] = 1 - sum / 16;
  }
  return probs;
};
const onBlock = Float32Array.from(image);
const offBlock = Float32Array.from(image, (v) => 1 - v);

test("deletion: a map on the evidence loses it in the first step; one off it, in the last", async () => {
  const zeros = new Float32Array(image.length);
  // Curve 1, 0, 0, ... (17 points): one trapezoid of height 1/2 and width 1/16.
  expect((await curveAucs(blockScore, image, onBlock, shape, 0, { steps: 16, baseline: zeros })).deletion).toBe(1 / 32);
  // Curve 1 for 15 steps, then 0: 15/16 + 1/32.
  expect((await curveAucs(blockScore, image, offBlock, shape, 0, { steps: 16, baseline: zeros })).deletion).toBe(
    15 / 16 + 1 / 32,
  );
});

test("insertion: from a zero baseline the evidence comes back first or last", async () => {
  const zeros = new Float32Array(image.length);
  expect((await curveAucs(blockScore, image, onBlock, shape, 0, { steps: 16, baseline: zeros })).insertion).toBe(
    1 - 1 / 32,
  );
  expect((await curveAucs(blockScore, image, offBlock, shape, 0, { steps: 16, baseline: zeros })).insertion).toBe(
    1 / 32,
  );
});

test("the curve's order follows the map, ties in image order; AUC is the trapezoid rule", () => {
  expect(Array.from(saliencyOrder(Float32Array.from([0.2, 0.9, 0.2, 1])))).toEqual([3, 1, 0, 2]);
  expect(areaUnder([1, 0.5, 0])).toBe(0.5);
  expect(areaUnder([0, 1])).toBe(0.5);
});

test("the insertion baseline is RISE's blur: sigma 5 over 11 x 11, zeros outside the image", () => {
  const kernel = gaussianKernel();
  expect(kernel.length).toBe(11);
  expect(kernel.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  expect(kernel[4]! / kernel[5]!).toBeCloseTo(Math.exp(-1 / 50), 6);
  // An impulse spreads into the outer product of the kernel with itself.
  const impulse = new Float32Array(21 * 21);
  impulse[10 * 21 + 10] = 1;
  const blurred = gaussianBlur(impulse, 21, 21, 1);
  expect(blurred[10 * 21 + 10]).toBeCloseTo(kernel[5]! * kernel[5]!, 7);
  expect(blurred[7 * 21 + 12]).toBeCloseTo(kernel[2]! * kernel[7]!, 7);
  // A constant image keeps its value where the window fits, and fades at the border.
  const flat = gaussianBlur(new Float32Array(21 * 21).fill(2), 21, 21, 1);
  expect(flat[10 * 21 + 10]).toBeCloseTo(2, 5);
  expect(flat[0]).toBeCloseTo(2 * kernel.slice(5).reduce((a, b) => a + b) ** 2, 5);
});

test("Average Drop and Increase in Confidence, as Grad-CAM++ defines them", () => {
  // Y = (0.8, 0.5), O = (0.4, 0.6): drops 0.4/0.8 and 0 -> 25%; one of two rises -> 50%.
  expect(confidenceChange([0.8, 0.5], [0.4, 0.6])).toEqual({ averageDrop: 25, increaseInConfidence: 50 });
  expect(Array.from(explanationImage(Float32Array.from([1, 2, 3, 4]), Float32Array.from([0.5, 0]), 2))).toEqual([
    0.5, 1, 0, 0,
  ]);
});

test("a map on the evidence keeps the full confidence; one off it drops it all", async () => {
  const two = new Float32Array(2 * image.length);
  two.set(image);
  two.set(image, image.length);
  const maps = new Float32Array(2 * image.length);
  maps.set(onBlock);
  maps.set(offBlock, image.length);
  const result = await faithfulness(blockScore, two, maps, Int32Array.from([0, 0]), shape, 16);
  expect(result.images).toBe(2);
  expect(result.deletion).toBe((1 / 32 + 15 / 16 + 1 / 32) / 2);
  expect(result.averageDrop).toBe(50);
  expect(result.increaseInConfidence).toBe(0);
  expect(result.steps).toBe(16);
});
