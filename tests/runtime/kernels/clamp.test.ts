import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const ops: Record<string, (x: Tensor) => Tensor> = {
  Relu: (x) => tf.relu(x),
  Relu6: (x) => tf.relu6(x),
  ClipByValue: (x) => tf.clipByValue(x, -0.5, 3),
};

/** Values from -8 to 8 with NaN, infinities, zeros of both signs and the bounds among them. */
function input(shape: number[]): Tensor {
  const length = shape.reduce((a, b) => a * b, 1);
  const special = [Number.NaN, Infinity, -Infinity, 0, -0, 6, -0.5, 3];
  const value = (i: number) => (i % 5 === 2 ? special[Math.floor(i / 5) % 8]! : ((i * 7919) % 1601) / 100 - 8);
  return tf.tensor(
    Float32Array.from({ length }, (_, i) => value(i)),
    shape,
  );
}

async function apply(backend: string, name: string, shape: number[]): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => ops[name]!(input(shape)).dataSync() as Float32Array);
}

// Lengths in fours take thtl's SIMD pass, the second in parts of 4,096 elements.
const shapes = [
  [2, 3, 4],
  [4, 33, 31, 17],
];

describe("Relu, Relu6 and ClipByValue on wasm", () => {
  it.each(Object.keys(ops).flatMap((name) => shapes.map((shape) => [name, shape] as const)))(
    "%s of %j matches the cpu backend, NaN and infinities included",
    async (name, shape) => {
      const wasm = await apply("wasm", name, shape);
      const cpu = await apply("cpu", name, shape);
      const same = (v: number, i: number) => v === cpu[i] || (Number.isNaN(v) && Number.isNaN(cpu[i]));
      expect(Array.from(wasm).filter((v, i) => !same(v, i))).toEqual([]);
      expect(wasm.some(Number.isNaN)).toBe(true);
    },
  );

  it("are thtl's kernels on wasm, and leave no tensor behind", async () => {
    await tf.setBackend("wasm");
    for (const name of Object.keys(ops)) {
      // The wrapper's kernel function, not wasm's own.
      expect(tf.getKernel(name, "wasm")!.kernelFunc.name).toBe("kernelFunc");
      const before = tf.memory().numTensors;
      await apply("wasm", name, [2, 3, 4]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
