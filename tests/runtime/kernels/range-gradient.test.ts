import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { rangeGradientSimd } from "../../../src/runtime/kernels/ops/range-gradient-simd.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const inputs = [-3, -0.5, 0, 0.25, 1, 5.9, 6, 6.1, 40, Number.NaN];
/** Negative gradients too: a masked one must come out as 0 or -0 exactly as on cpu. */
const upstream = inputs.map((_, i) => (i % 2 === 0 ? i + 1 : -(i + 1)));

const ops: Record<string, (tf: TfNamespace, x: Tensor) => Tensor> = {
  relu: (tf, x) => tf.relu(x),
  relu6: (tf, x) => tf.relu6(x),
  "clipByValue(-0.5, 6)": (tf, x) => tf.clipByValue(x, -0.5, 6),
};

const expected: Record<string, number[]> = {
  relu: [0, -0, 0, -4, 5, -6, 7, -8, 9, Number.NaN],
  relu6: [0, -0, 0, -4, 5, -6, 7, -0, 0, Number.NaN],
  "clipByValue(-0.5, 6)": [0, -2, 3, -4, 5, -6, 7, 0, 0, 0],
};

it.each(Object.keys(ops))("the gradient of %s on wasm equals cpu's, at the edges and NaN too", async (name) => {
  const gradientOn = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const dy = tf.tensor1d(upstream);
      const f = (x: Tensor) => tf.sum(tf.mul(ops[name]!(tf, x), dy));
      return Array.from(tf.grad(f)(tf.tensor1d(inputs)).dataSync());
    });
  };
  const cpu = await gradientOn("cpu");
  const wasm = await gradientOn("wasm");
  expect(wasm).toEqual(cpu);
  expect(wasm).toEqual(expected[name]);
});

it("runs in wasm SIMD here, and equals cpu over vectors and a tail, edges and NaN mixed in", async () => {
  await tf.setBackend("wasm");
  expect(rangeGradientSimd(tf.backend())).not.toBeNull();
  // 1,003 elements: 250 vectors and a tail of 3; every edge value appears in both.
  const x = Array.from({ length: 1003 }, (_, i) => (i % 7 === 0 ? inputs[(i / 7) % inputs.length]! : 8 * Math.sin(i)));
  const dy = x.map((_, i) => Math.cos(3 * i) * 4);
  for (const name of Object.keys(ops)) {
    const gradientOn = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const f = (t: Tensor) => tf.sum(tf.mul(ops[name]!(tf, t), tf.tensor1d(dy)));
        return Array.from(tf.grad(f)(tf.tensor1d(x)).dataSync());
      });
    };
    expect(await gradientOn("wasm"), name).toEqual(await gradientOn("cpu"));
  }
});
