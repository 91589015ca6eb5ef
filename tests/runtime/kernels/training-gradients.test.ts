import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** A tiny net through every kernel we register: gather, conv, strided conv, depthwise conv. */
function lossOf(tf: TfNamespace, weights: Record<string, Tensor>, ids: Tensor, images: Tensor): Tensor {
  const embedded = tf.reshape(tf.gather(weights.table!, ids), [2, 6, 6, 1]);
  const x = tf.concat([images, embedded], 3);
  const a = tf.relu(tf.conv2d(x as never, weights.conv1 as never, 1, "same"));
  const b = tf.relu(tf.conv2d(a as never, weights.conv2 as never, 2, "valid"));
  const c = tf.depthwiseConv2d(b as never, weights.depthwise as never, 1, "same");
  return tf.mean(tf.square(c));
}

async function gradients(backend: string, init: Record<string, Float32Array>, shapes: Record<string, number[]>) {
  await tf.setBackend(backend);
  const variables: Record<string, Variable> = {};
  for (const key of Object.keys(init))
    variables[key] = tf.tidy(() => tf.variable(tf.tensor(init[key]!, shapes[key]), true, `${backend}_${key}`));
  const ids = tf.tensor1d([0, 3, 3, 1, 2, 0], "int32");
  const images = tf.tensor4d(
    Array.from({ length: 2 * 36 * 2 }, (_, i) => Math.sin(i)),
    [2, 6, 6, 2],
  );
  const { value, grads } = tf.variableGrads(() => lossOf(tf, variables, ids, images) as never);
  const result = {
    loss: value.dataSync()[0]!,
    grads: Object.fromEntries(
      Object.entries(grads).map(([k, g]) => [k.slice(backend.length + 1), Array.from(g.dataSync())]),
    ),
  };
  tf.dispose([value, ...Object.values(grads), ids, images, ...Object.values(variables)]);
  return result;
}

it("a small conv net's gradients on wasm equal those on cpu", async () => {
  const shapes: Record<string, number[]> = {
    table: [4, 12],
    conv1: [3, 3, 3, 4],
    conv2: [3, 3, 4, 4],
    depthwise: [3, 3, 4, 2],
  };
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const init = Object.fromEntries(
    Object.entries(shapes).map(([k, s]) => [k, Float32Array.from({ length: s.reduce((a, b) => a * b) }, random)]),
  );
  const cpu = await gradients("cpu", init, shapes);
  const before = tf.memory().numTensors;
  const wasm = await gradients("wasm", init, shapes);
  expect(tf.memory().numTensors).toBe(before);
  expect(wasm.loss).toBeCloseTo(cpu.loss, 5);
  expect(Object.keys(wasm.grads).sort()).toEqual(["conv1", "conv2", "depthwise", "table"]);
  for (const key of Object.keys(cpu.grads)) {
    const scale = Math.max(...cpu.grads[key]!.map(Math.abs));
    const worst = Math.max(...cpu.grads[key]!.map((v, i) => Math.abs(v - wasm.grads[key]![i]!)));
    expect(worst / scale, key).toBeLessThan(1e-5);
  }
});

it("UnsortedSegmentSum on wasm matches cpu, dropping ids out of range", async () => {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 2]);
    const ids = tf.tensor1d([2, 0, 2, -1, 3], "int32");
    const out = tf.unsortedSegmentSum(x, ids, 3);
    const values = Array.from(out.dataSync());
    tf.dispose([x, ids, out]);
    return values;
  };
  expect(await run("wasm")).toEqual(await run("cpu"));
  expect(await run("wasm")).toEqual([3, 4, 0, 0, 6, 8]);
});
