import type { GradConfig, Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { batchNormGradient } from "../../../src/runtime/kernels/batch-norm/batch-norm-gradient.js";
import { loadTf, type TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
let tfjsBatchNormGradient: GradConfig;
beforeAll(async () => {
  tf = await loadTf();
  tfjsBatchNormGradient = tf.getGradient("FusedBatchNorm")!;
  await selectBackend("cpu");
  await selectBackend("wasm");
});

/** Values on a coarse grid, so that windows often hold ties (as after a ReLU). */
function coarse(shape: number[], seed: number): Tensor {
  return tf.tidy(() => tf.relu(tf.round(tf.randomUniform(shape, -2, 3, "float32", seed))));
}

describe("MaxPoolGrad on wasm", () => {
  const cases = [
    { shape: [2, 6, 6, 3], filterSize: 3, strides: 2, pad: "same" },
    { shape: [2, 6, 6, 3], filterSize: 3, strides: 2, pad: "valid" },
    { shape: [1, 7, 5, 4], filterSize: 2, strides: 2, pad: "same" },
    { shape: [1, 7, 5, 4], filterSize: 2, strides: 1, pad: "valid" },
    { shape: [3, 5, 5, 2], filterSize: 3, strides: 1, pad: "same" },
    { shape: [1, 9, 9, 1], filterSize: 3, strides: 3, pad: 1 },
  ] as const;
  it.each(cases.map((c, i) => [JSON.stringify(c), c, i] as const))(
    "matches the cpu backend, ties included: %s",
    async (_, c, i) => {
      const results: number[][] = [];
      for (const backend of ["cpu", "wasm"]) {
        await tf.setBackend(backend);
        const grads = tf.tidy(() => {
          const x = coarse([...c.shape], i + 1);
          const pool = (input: Tensor): Tensor => tf.maxPool(input as never, c.filterSize, c.strides, c.pad as never);
          const dy = tf.randomUniform(pool(x).shape, -1, 1, "float32", i + 2);
          return tf.grad((input: Tensor) => tf.sum(tf.mul(pool(input), dy)))(x);
        });
        results.push(Array.from(grads.dataSync()));
        grads.dispose();
      }
      expect(results[1]!.some((v) => v !== 0)).toBe(true);
      // Overlapping windows add several gradients into one input, in another order than cpu does.
      results[0]!.forEach((expected, k) => expect(results[1]![k]).toBeCloseTo(expected, 5));
    },
  );
});

describe("the FusedBatchNorm gradient", () => {
  it.each(["cpu", "wasm"])("equals tfjs-core's on %s, for x, mean, variance, scale and offset", async (backend) => {
    await tf.setBackend(backend);
    const gradientsWith = (config: GradConfig) => {
      tf.registerGradient(config);
      return tf.tidy(() => {
        const x = tf.randomNormal([4, 3, 3, 5], 0, 2, "float32", 1);
        const mean = tf.randomNormal([5], 0, 1, "float32", 2);
        const variance = tf.randomUniform([5], 0.5, 2, "float32", 3);
        const offset = tf.randomNormal([5], 0, 1, "float32", 4);
        const scale = tf.randomNormal([5], 1, 0.5, "float32", 5);
        const dy = tf.randomNormal([4, 3, 3, 5], 0, 1, "float32", 6);
        const f = (a: Tensor, m: Tensor, v: Tensor, o: Tensor, s: Tensor) =>
          tf.sum(tf.mul(tf.batchNorm(a, m, v, o, s, 1e-3), dy));
        return tf
          .grads(f as never)([x, mean, variance, offset, scale])
          .map((g) => Array.from(g.dataSync()));
      });
    };
    const ours = gradientsWith(batchNormGradient);
    const theirs = gradientsWith(tfjsBatchNormGradient);
    tf.registerGradient(batchNormGradient);
    theirs.forEach((expected, input) => {
      expected.forEach((value, i) => expect(ours[input]![i]).toBeCloseTo(value, 4));
    });
  });
});
