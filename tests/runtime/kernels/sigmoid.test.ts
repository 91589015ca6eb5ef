import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** -100 to 100 in steps of 1/64, then NaN, the infinities, zeros, and values near the clamp at 87 and 88. */
const VALUES = Float32Array.from([
  ...Array.from({ length: 12_801 }, (_, i) => -100 + i / 64),
  ...[Number.NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 86.9, 87.1, -87.9, -88.1, 16.6355, -16.6355],
  ...[1, 2],
]);

async function sigmoid(backend: string): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => tf.sigmoid(tf.tensor1d(VALUES)).dataSync() as Float32Array);
}

describe("Sigmoid on wasm", () => {
  it("is thtl's kernel", () => {
    // The wrapper's kernel function, not wasm's own.
    expect(tf.getKernel("Sigmoid", "wasm")!.kernelFunc.name).toBe("kernelFunc");
  });

  it("is within 4e-7 of the cpu backend's (relative, or 1e-37 below the normal floats), NaN to NaN", async () => {
    const [wasm, cpu] = [await sigmoid("wasm"), await sigmoid("cpu")];
    expect(VALUES.length % 4).toBe(0);
    const far = Array.from(wasm).flatMap((v, i) => {
      const c = cpu[i]!;
      const close = Number.isNaN(c) ? Number.isNaN(v) : Math.abs(v - c) <= 4e-7 * Math.abs(c) + 1e-37;
      return close ? [] : [[VALUES[i], v, c]];
    });
    expect(far).toEqual([]);
  });
});
