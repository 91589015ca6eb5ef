import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  ({ tf } = await selectBackend("wasm"));
});

it("Identity on wasm shares the input's memory: no new buffer, the values outlive the input, and both freed leave nothing", () => {
  const before = tf.memory().numDataBuffers;
  const x = tf.tensor2d([
    [1, -2, 3],
    [4, 5, -6],
  ]);
  const y = tf.clone(x);
  expect(tf.memory().numDataBuffers).toBe(before + 1);
  x.dispose();
  expect(Array.from(y.dataSync())).toEqual([1, -2, 3, 4, 5, -6]);
  expect(y.shape).toEqual([2, 3]);
  y.dispose();
  expect(tf.memory().numDataBuffers).toBe(before);
});

it("a variable assigned after being cloned leaves the clone's values as they were", () => {
  const v = tf.variable(tf.tensor1d([1, 2, 3]));
  const copy = tf.clone(v);
  v.assign(tf.tensor1d([7, 8, 9]));
  expect(Array.from(copy.dataSync())).toEqual([1, 2, 3]);
  expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
  tf.dispose([v, copy]);
});

it("strings keep wasm's kernel", () => {
  const s = tf.tensor1d(["a", "b"]);
  expect(tf.clone(s).arraySync()).toEqual(["a", "b"]);
});
