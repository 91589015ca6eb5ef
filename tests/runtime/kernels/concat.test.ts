import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** tf.concat of seeded draws (made on the cpu backend) on one backend: values and shape. */
async function concat(backend: string, shapes: number[][], axis: number, dtype: "float32" | "int32" = "float32") {
  await tf.setBackend("cpu");
  const values = tf.tidy(() => shapes.map((shape, i) => tf.randomUniform(shape, -9, 9, dtype, i + 1).dataSync()));
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const y = tf.concat(
      values.map((v, i) => tf.tensor(v, shapes[i], dtype) as Tensor),
      axis,
    );
    return { shape: y.shape, values: Array.from(y.dataSync()) };
  });
}

describe("Concat on wasm", () => {
  it.each([
    // DenseNet's: the channels of an NHWC activation, short rows (element copies) and long ones.
    [
      [
        [2, 3, 5, 32],
        [2, 3, 5, 16],
      ],
      -1,
    ],
    [
      [
        [2, 3, 5, 96],
        [2, 3, 5, 100],
        [2, 3, 5, 4],
      ],
      3,
    ],
    [
      [
        [4, 3, 7],
        [4, 2, 7],
        [4, 5, 7],
        [4, 1, 7],
      ],
      1,
    ],
    [
      [
        [3, 6],
        [2, 6],
      ],
      0,
    ],
    [
      [
        [2, 0, 4],
        [2, 3, 4],
      ],
      1,
    ],
    [
      [
        [33, 31, 7, 20],
        [33, 31, 7, 80],
      ],
      3,
    ],
  ])("of %j along %i matches the cpu backend", async (shapes, axis) => {
    expect(await concat("wasm", shapes, axis)).toEqual(await concat("cpu", shapes, axis));
  });

  it("leaves int32 to wasm's kernel, with the same values", async () => {
    const shapes = [
      [2, 3],
      [2, 4],
    ];
    expect(await concat("wasm", shapes, 1, "int32")).toEqual(await concat("cpu", shapes, 1, "int32"));
  });

  it("is thtl's kernel, and leaves no tensor behind", async () => {
    await tf.setBackend("wasm");
    // The wrapper's kernel function, not wasm's own.
    expect(tf.getKernel("Concat", "wasm")!.kernelFunc.name).toBe("kernelFunc");
    const before = tf.memory().numTensors;
    await concat(
      "wasm",
      [
        [2, 3],
        [2, 5],
      ],
      1,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
