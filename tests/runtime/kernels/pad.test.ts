import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** tf.pad of a seeded draw (made on the cpu backend) on one backend: values and shape. */
async function pad(backend: string, shape: number[], paddings: [number, number][], value = 0) {
  await tf.setBackend("cpu");
  const values = tf.tidy(() => tf.randomNormal(shape, 0, 1, "float32", 3).dataSync());
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const y = tf.pad(tf.tensor(values, shape), paddings, value);
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

describe("PadV2 on wasm", () => {
  it.each([
    // ZeroPadding2D before a stem and a strided convolution: short rows and long ones.
    {
      shape: [2, 9, 7, 3],
      paddings: [
        [0, 0],
        [3, 3],
        [3, 3],
        [0, 0],
      ],
      value: 0,
    },
    {
      shape: [2, 6, 5, 96],
      paddings: [
        [0, 0],
        [0, 1],
        [0, 1],
        [0, 0],
      ],
      value: 0,
    },
    {
      shape: [3, 4, 5],
      paddings: [
        [1, 2],
        [0, 3],
        [2, 1],
      ],
      value: -1.5,
    },
    { shape: [7], paddings: [[2, 5]], value: 4 },
    {
      shape: [2, 3, 2, 2, 2, 3],
      paddings: [
        [1, 0],
        [0, 1],
        [1, 1],
        [0, 0],
        [1, 0],
        [0, 2],
      ],
      value: 0.5,
    },
  ] as { shape: number[]; paddings: [number, number][]; value: number }[])(
    "of $shape by $paddings with $value matches the cpu backend",
    async ({ shape, paddings, value }) => {
      expect(await pad("wasm", shape, paddings, value)).toEqual(await pad("cpu", shape, paddings, value));
    },
  );

  it("is thtl's kernel, and leaves no tensor behind", async () => {
    await tf.setBackend("wasm");
    // The wrapper's kernel function, not wasm's own.
    expect(tf.getKernel("PadV2", "wasm")!.kernelFunc.name).toBe("kernelFunc");
    const before = tf.memory().numTensors;
    await pad(
      "wasm",
      [2, 3],
      [
        [1, 1],
        [2, 0],
      ],
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
