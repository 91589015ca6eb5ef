import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  pad: "same" | "valid";
}

/** A fused convolution (bias, ReLU) on one backend, as inference runs it. */
async function convolve(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, "float32", 11) as Tensor4D;
    const filter = tf.randomNormal(c.filter, 0, 1, "float32", 12) as Tensor4D;
    const bias = tf.linspace(-2, 2, c.filter[3]);
    const y = tf.fused.conv2d({ x, filter, strides: 1, pad: c.pad, bias, activation: "relu" }) as Tensor;
    return y.dataSync() as Float32Array;
  });
}

// Maps of at most 2x2 pixels: one product of the whole map with the laid-out filter.
const cases: Case[] = [
  { x: [5, 2, 2, 16], filter: [3, 3, 16, 24], pad: "same" },
  { x: [3, 1, 2, 8], filter: [3, 3, 8, 8], pad: "same" },
  { x: [2, 2, 1, 12], filter: [3, 3, 12, 16], pad: "same" },
  { x: [4, 1, 1, 32], filter: [3, 3, 32, 8], pad: "same" },
];

describe("a stride-1 3x3 convolution of a map of 2x2 pixels or fewer", () => {
  it.each(cases)("matches the cpu backend, kept filter and all: %j", async (c) => {
    const expected = await convolve("cpu", c);
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    for (let run = 0; run < 2; run++) {
      const actual = await convolve("wasm", c);
      const largest = Math.max(...expected.map(Math.abs));
      expect(actual).toHaveLength(expected.length);
      actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(2e-6 * largest));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps the laid-out filter with the filter, and frees it with it", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const x = tf.randomNormal([2, 2, 2, 8]) as Tensor4D;
    const filter = tf.randomNormal([3, 3, 8, 16]) as Tensor4D;
    const start = backend.numDataIds();
    tf.conv2d(x, filter, 1, "same").dispose();
    const kept = backend.numDataIds();
    tf.conv2d(x, filter, 1, "same").dispose();
    expect(backend.numDataIds()).toBe(kept);
    expect(kept).toBe(start + 1);
    filter.dispose();
    expect(backend.numDataIds()).toBe(start - 1);
    x.dispose();
  });
});
