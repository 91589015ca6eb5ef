import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { CONV_BATCH_NORM } from "../../../src/runtime/kernels/inference-kernels.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  activation: "linear" | "relu" | "relu6";
}

/** The kernel on wasm; on cpu, the convolution, then y a + b per channel and the clip. */
async function convolve(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, "float32", 21) as Tensor4D;
    const filter = tf.randomNormal(c.filter, 0, 1, "float32", 22) as Tensor4D;
    const channels = c.filter[3];
    const [a, b] = [tf.linspace(-1.5, 2, channels), tf.linspace(-3, 3, channels)];
    const attrs = { strides: c.strides, pad: "same", dataFormat: "NHWC", dilations: 1, activation: c.activation };
    if (backend === "wasm") {
      const y = tf.engine().runKernel(CONV_BATCH_NORM, { x, filter, scaleShift: tf.concat([a, b]) }, attrs);
      return (y as Tensor).dataSync() as Float32Array;
    }
    const y = tf.add(tf.mul(tf.conv2d(x, filter, c.strides, "same"), a), b);
    const [min, max] = { linear: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] }[c.activation];
    return tf.clipByValue(y, min!, max!).dataSync() as Float32Array;
  });
}

// Each of thtl's forward paths: the product with the epilogue in its rows (1x1, strided from 16
// channels), Winograd and the whole map with it after (3x3 stride 1), the stem's 3 channels
// through wasm's FusedConv2D with the filter folded, and channels not in fours.
const cases: Case[] = [
  { x: [3, 9, 7, 16], filter: [1, 1, 16, 24], strides: 1, activation: "relu" },
  { x: [2, 9, 9, 16], filter: [3, 3, 16, 8], strides: 2, activation: "relu6" },
  { x: [2, 8, 6, 8], filter: [3, 3, 8, 16], strides: 1, activation: "linear" },
  { x: [4, 2, 2, 16], filter: [3, 3, 16, 32], strides: 1, activation: "relu" },
  { x: [2, 16, 16, 3], filter: [7, 7, 3, 8], strides: 2, activation: "relu" },
  { x: [2, 6, 6, 8], filter: [3, 3, 8, 6], strides: 1, activation: "relu6" },
];

describe("ThtlConvBatchNorm on wasm (a convolution with its batch norm and activation)", () => {
  it.each(cases)("matches the convolution, scale, shift and clip on cpu: %j", async (c) => {
    const expected = await convolve("cpu", c);
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const actual = await convolve("wasm", c);
    expect(tf.memory().numTensors).toBe(before);
    const largest = Math.max(...expected.map(Math.abs));
    expect(actual).toHaveLength(expected.length);
    actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(4e-6 * largest));
    if (c.activation !== "linear") expect(actual.some((v) => v === 0)).toBe(true);
    if (c.activation === "relu6") expect(actual.some((v) => v === 6)).toBe(true);
  });
});

it("keeps the stem's folded filter with the filter while the scale stays, and replaces it when it changes", async () => {
  await tf.setBackend("wasm");
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const x = tf.randomNormal([2, 16, 16, 3]) as Tensor4D;
  const filter = tf.randomNormal([7, 7, 3, 8]) as Tensor4D;
  const [first, second] = [1, 2].map((seed) => tf.randomUniform([16], 0.5, 1.5, "float32", seed));
  const attrs = { strides: 2, pad: "same", dataFormat: "NHWC", dilations: 1, activation: "relu" };
  const run = (scaleShift: Tensor) =>
    (tf.engine().runKernel(CONV_BATCH_NORM, { x, filter, scaleShift }, attrs) as Tensor).dispose();
  const start = backend.numDataIds();
  run(first!);
  expect(backend.numDataIds()).toBe(start + 2);
  run(first!);
  run(second!);
  expect(backend.numDataIds()).toBe(start + 2);
  filter.dispose();
  expect(backend.numDataIds()).toBe(start - 1);
  tf.dispose([x, first!, second!]);
});
