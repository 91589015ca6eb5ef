import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** `op` of seeded draws (made on the cpu backend, the same on both) on one backend. */
async function on(backend: string, shapes: number[][], op: (...xs: Tensor[]) => Tensor): Promise<Float32Array> {
  await tf.setBackend("cpu");
  const values = tf.tidy(() => shapes.map((shape, i) => tf.randomNormal(shape, 0.5, 2, "float32", i + 1).dataSync()));
  await tf.setBackend(backend);
  return tf.tidy(() => op(...values.map((v, i) => tf.tensor(v, shapes[i]))).dataSync() as Float32Array);
}

async function expectSame(shapes: number[][], op: (...xs: Tensor[]) => Tensor, tolerance = 0): Promise<void> {
  const [wasm, cpu] = [await on("wasm", shapes, op), await on("cpu", shapes, op)];
  expect(wasm.length).toBe(cpu.length);
  const error = Math.max(...wasm.map((v, i) => Math.abs(v - cpu[i]!) / Math.max(1, Math.abs(cpu[i]!))));
  expect(error).toBeLessThanOrEqual(tolerance);
}

// [4, 33, 31, 16] is over 4,096 elements (parts on both threads); [3, 5, 7, 4] under.
it("Add, Multiply and Mean are thtl's kernels on wasm", () => {
  // The wrappers' kernel function, not wasm's own.
  for (const name of ["Add", "Multiply", "Mean"])
    expect(tf.getKernel(name, "wasm")!.kernelFunc.name).toBe("kernelFunc");
});

describe("Add and Multiply on wasm", () => {
  it.each([[[3, 5, 7, 4]], [[4, 33, 31, 16]]])("of one shape %j match the cpu backend bit for bit", async (shape) => {
    await expectSame([shape, shape], (a, b) => tf.add(a!, b!));
    await expectSame([shape, shape], (a, b) => tf.mul(a!, b!));
  });

  it("scale each image by its own channel vector, either operand first", async () => {
    await expectSame(
      [
        [4, 9, 7, 12],
        [4, 1, 1, 12],
      ],
      (x, s) => tf.mul(x!, s!),
    );
    await expectSame(
      [
        [4, 1, 1, 12],
        [4, 9, 7, 12],
      ],
      (s, x) => tf.mul(s!, x!),
    );
  });

  it("multiply by a scalar, either operand first, whatever the scalar's rank", async () => {
    await expectSame([[4, 9, 7, 12], []], (x, s) => tf.mul(x!, s!));
    await expectSame(
      [
        [1, 1],
        [4, 9, 7, 12],
      ],
      (s, x) => tf.mul(s!, x!),
    );
    // A scalar of higher rank than the other operand broadcasts it to its rank.
    await expectSame([[12], [1, 1, 1]], (x, s) => tf.mul(x!, s!));
  });

  it("leave other broadcasts and lengths to wasm's kernels, with the same values", async () => {
    await expectSame([[3, 5, 7], [7]], (a, b) => tf.add(a!, b!));
    await expectSame(
      [
        [3, 5, 7],
        [3, 5, 7],
      ],
      (a, b) => tf.mul(a!, b!),
    );
  });
});

describe("Mean on wasm", () => {
  it.each([
    [[4, 9, 7, 12], [1, 2], true],
    [[3, 8, 8, 1152], [2, 1], false],
    [[2, 5, 5, 8], [-3, -2], true],
  ])("of %j over the axes %j (keepDims %s) matches the cpu backend", async (shape, axis, keepDims) => {
    await expectSame([shape as number[]], (x) => tf.mean(x!, axis as number[], keepDims as boolean), 2e-6);
  });

  it("over other axes goes to wasm's kernel, with the same values", async () => {
    await expectSame([[4, 9, 7, 12]], (x) => tf.mean(x!, [1, 2, 3]), 2e-6);
    await expectSame([[4, 9, 7, 6]], (x) => tf.mean(x!, [1, 2]), 2e-6);
  });
});
