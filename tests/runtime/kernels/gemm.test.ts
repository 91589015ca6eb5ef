import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { relaxedSimd } from "../../../src/runtime/kernels/engine/relaxed-simd.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** A B on one backend, operands from seeded draws made on the cpu backend (the same on both). */
async function product(backend: string, a: number[], b: number[], transposeB = false): Promise<number[]> {
  await tf.setBackend("cpu");
  const values = [a, b].map((shape, i) => tf.randomNormal(shape, 0, 1, "float32", i + 1).dataSync());
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const [x, y] = values.map((v, i) => tf.tensor(v, i === 0 ? a : b)) as [Tensor, Tensor];
    return Array.from(tf.matMul(x, y, false, transposeB).dataSync());
  });
}

// Rows in blocks of four and single rows after them; columns in panels of eight (others: XNNPACK).
const shapes: [number[], number[]][] = [
  [
    [4, 64],
    [64, 64],
  ],
  [
    [5, 3],
    [3, 8],
  ],
  [
    [7, 33],
    [33, 16],
  ],
  [
    [1, 1],
    [1, 8],
  ],
  [
    [2, 9],
    [9, 24],
  ],
  [
    [129, 17],
    [17, 40],
  ],
  [
    [1, 6, 10],
    [1, 10, 16],
  ],
  [
    [6, 10],
    [10, 12],
  ],
];

describe("BatchMatMul on wasm by thtl's SIMD product", () => {
  it.each(shapes)("A %j times B %j matches the cpu backend", async (a, b) => {
    const [wasm, cpu] = [await product("wasm", a, b), await product("cpu", a, b)];
    const largest = Math.max(...cpu.map(Math.abs));
    expect(wasm).toHaveLength(cpu.length);
    wasm.forEach((value, i) => expect(Math.abs(value - cpu[i]!)).toBeLessThanOrEqual(1e-6 * largest));
  });

  it("takes A Bᵀ as a plain product of B transposed", async () => {
    const [wasm, cpu] = [await product("wasm", [9, 20], [16, 20], true), await product("cpu", [9, 20], [16, 20], true)];
    const largest = Math.max(...cpu.map(Math.abs));
    wasm.forEach((value, i) => expect(Math.abs(value - cpu[i]!)).toBeLessThanOrEqual(1e-6 * largest));
  });
});

describe("thtl's product with relaxed SIMD", () => {
  it("is on in this engine, and fuses each multiply with its add", async () => {
    expect(relaxedSimd()).toBe(true);
    await tf.setBackend("wasm");
    // 1 (-1) + x x with x = 1 + 2^-12: x x = 1 + 2^-11 + 2^-24 rounds to 1 + 2^-11 on its own,
    // so a multiply then an add gives 2^-11; fused with the add, the exact 2^-11 + 2^-24.
    const x = 1 + 2 ** -12;
    const c = tf.tidy(() =>
      tf.matMul(tf.tensor2d([[1, x]]), tf.tensor2d([new Array(8).fill(-1), new Array(8).fill(x)])),
    );
    expect(Array.from(c.dataSync())).toEqual(new Array(8).fill(2 ** -11 + 2 ** -24));
    c.dispose();
  });
});
