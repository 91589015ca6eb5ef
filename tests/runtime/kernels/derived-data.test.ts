import type { Tensor, Tensor4D } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

// Winograd's filter transform and a 1x1 filter's panels, kept per filter outside a gradient tape
// (derived-data.ts): the data the backend holds, and the values, as the filter lives, changes and goes.

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const dataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
const x = () => tf.randomNormal([2, 9, 9, 16], 0, 1, "float32", 1) as Tensor4D;
const conv = (input: Tensor4D, filter: Tensor) => tf.conv2d(input, filter as Tensor4D, 1, "same");

async function onCpu(filter: Float32Array): Promise<Float32Array> {
  await tf.setBackend("cpu");
  const y = tf.tidy(() => conv(x(), tf.tensor4d(filter, [3, 3, 16, 8])).dataSync() as Float32Array);
  await tf.setBackend("wasm");
  return y;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  const error = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
  expect(error).toBeLessThan(1e-4);
}

describe("a 3x3 filter's Winograd transform on wasm", () => {
  it("is made once per filter outside a tape, and freed with the filter", async () => {
    await tf.setBackend("wasm");
    const filter = tf.randomNormal([3, 3, 16, 8], 0, 1, "float32", 2);
    const input = x();
    const base = dataIds();
    const first = tf.tidy(() => conv(input, filter).dataSync() as Float32Array);
    // The 16 transformed components stay with the filter, with their panels for the products ...
    expect(dataIds()).toBe(base + 32);
    const second = tf.tidy(() => conv(input, filter).dataSync() as Float32Array);
    expect(dataIds()).toBe(base + 32);
    expect(second).toEqual(first);
    expectClose(first, await onCpu(filter.dataSync() as Float32Array));
    // ... and go with it.
    filter.dispose();
    expect(dataIds()).toBe(base - 1);
    input.dispose();
  });

  it("is made anew under a gradient tape, where the filter is a weight in training", async () => {
    await tf.setBackend("wasm");
    const [input, filter] = [x(), tf.randomNormal([3, 3, 16, 8], 0, 1, "float32", 3)];
    const base = dataIds();
    const dFilter = tf.grad((f: Tensor) => tf.sum(conv(input, f)))(filter);
    dFilter.dispose();
    expect(dataIds()).toBe(base);
    tf.dispose([input, filter]);
  });

  it("follows a variable's new value after an assignment", async () => {
    await tf.setBackend("wasm");
    const input = x();
    const initial = tf.randomNormal([3, 3, 16, 8], 0, 1, "float32", 4);
    const weights = tf.variable(initial);
    initial.dispose();
    const base = dataIds();
    tf.tidy(() => conv(input, weights).dataSync());
    const update = tf.randomNormal([3, 3, 16, 8], 0, 1, "float32", 5);
    weights.assign(update);
    update.dispose();
    // The old value's transform went with its data; the new value's is made on use.
    expect(dataIds()).toBe(base);
    const after = tf.tidy(() => conv(input, weights).dataSync() as Float32Array);
    expectClose(after, await onCpu(weights.dataSync() as Float32Array));
    // The input and the weights go, and the new value's transform with them.
    weights.dispose();
    input.dispose();
    expect(dataIds()).toBe(base - 2);
  });
});

describe("a 1x1 filter's panels for the product on wasm", () => {
  it("are made once outside a tape and freed with the filter", async () => {
    await tf.setBackend("wasm");
    const [input, filter] = [x(), tf.randomNormal([1, 1, 16, 8], 0, 1, "float32", 6)];
    const base = dataIds();
    const first = tf.tidy(() => tf.conv2d(input, filter as Tensor4D, 1, "same").dataSync() as Float32Array);
    expect(dataIds()).toBe(base + 1);
    const second = tf.tidy(() => tf.conv2d(input, filter as Tensor4D, 1, "same").dataSync() as Float32Array);
    expect(second).toEqual(first);
    await tf.setBackend("cpu");
    const expected = tf.tidy(() => {
      const [a, b] = [tf.tensor(input.dataSync(), input.shape), tf.tensor(filter.dataSync(), filter.shape)];
      return tf.conv2d(a as Tensor4D, b as Tensor4D, 1, "same").dataSync() as Float32Array;
    });
    await tf.setBackend("wasm");
    expectClose(first, expected);
    filter.dispose();
    expect(dataIds()).toBe(base - 1);
    input.dispose();
  });
});

describe("a 3x3 filter on a few tiles (the products swapped: the transform is their A)", () => {
  it("keeps the transform without panels, and matches the cpu backend", async () => {
    await tf.setBackend("wasm");
    const [input, filter] = [
      tf.randomNormal([1, 4, 4, 64], 0, 1, "float32", 7),
      tf.randomNormal([3, 3, 64, 64], 0, 1, "float32", 8),
    ];
    const base = dataIds();
    const first = tf.tidy(() => conv(input as Tensor4D, filter).dataSync() as Float32Array);
    expect(dataIds()).toBe(base + 16);
    const second = tf.tidy(() => conv(input as Tensor4D, filter).dataSync() as Float32Array);
    expect(second).toEqual(first);
    await tf.setBackend("cpu");
    const expected = tf.tidy(() => {
      const [a, b] = [tf.tensor(input.dataSync(), input.shape), tf.tensor(filter.dataSync(), filter.shape)];
      return conv(a as Tensor4D, b).dataSync() as Float32Array;
    });
    await tf.setBackend("wasm");
    expectClose(first, expected);
    tf.dispose([input, filter]);
    expect(dataIds()).toBe(base - 2);
  });
});
