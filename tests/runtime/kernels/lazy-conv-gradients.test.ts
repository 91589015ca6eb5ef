import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { startKernelTimer } from "../../../bench/kernel-timer.mjs";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** conv (bias, relu) -> depthwise conv -> conv (no bias), as tfjs-layers layers, seeded. */
function net() {
  const input = tf.input({ shape: [8, 8, 3] });
  let x = tf.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: "same",
      activation: "relu",
      kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
      biasInitializer: "ones",
    })
    .apply(input);
  x = tf.layers
    .depthwiseConv2d({
      kernelSize: 3,
      strides: 2,
      padding: "same",
      depthwiseInitializer: tf.initializers.glorotNormal({ seed: 2 }),
    })
    .apply(x);
  x = tf.layers
    .conv2d({ filters: 2, kernelSize: 1, useBias: false, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) })
    .apply(x);
  return tf.model({ inputs: input, outputs: x as never });
}

function gradients() {
  const model = net();
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, "float32", 4);
  const { grads } = tf.variableGrads(() => tf.sum(tf.square(model.apply(x, { training: true }) as Tensor)) as never);
  const values = Object.keys(grads)
    .sort()
    .map((name) => Array.from(grads[name]!.dataSync()));
  tf.dispose([x, ...Object.values(grads)]);
  model.dispose();
  return values;
}

it("skips the input gradient of a convolution that reads the data, and keeps the values", async () => {
  await tf.setBackend("cpu");
  const expected = gradients();
  await tf.setBackend("wasm");
  const timer = startKernelTimer(tf, "wasm");
  const actual = gradients();
  const calls = Object.fromEntries(timer.table().map((row) => [row.kernel, row.calls]));
  timer.stop();
  // The first convolution's input is the data: no Conv2DBackpropInput for it.
  expect([
    calls["Conv2DBackpropInput"],
    calls["DepthwiseConv2dNativeBackpropInput"],
    calls["Conv2DBackpropFilter"],
  ]).toEqual([1, 1, 2]);
  expect(actual.length).toBe(5);
  expected.forEach((values, v) => values.forEach((value, i) => expect(actual[v]![i]).toBeCloseTo(value, 4)));
});

it("leaves inference on the fused kernels", async () => {
  await tf.setBackend("wasm");
  const model = net();
  const timer = startKernelTimer(tf, "wasm");
  tf.tidy(() => model.predict(tf.ones([1, 8, 8, 3])));
  const kernels = timer.table().map((row) => row.kernel);
  timer.stop();
  expect(kernels).toContain("FusedConv2D");
  expect(kernels).not.toContain("Conv2D");
  model.dispose();
});
