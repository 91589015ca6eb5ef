import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** tf.split of a [2, 3, 4, 10] range on one backend: each part's shape and values. */
async function split(backend: string, sizes: number[] | number, axis: number) {
  await tf.setBackend(backend);
  const parts = tf.tidy(() => tf.split(tf.reshape(tf.range(0, 240), [2, 3, 4, 10]), sizes, axis));
  const result = parts.map((p) => ({ shape: p.shape, values: Array.from(p.dataSync()) }));
  tf.dispose(parts);
  return result;
}

describe("SplitV on wasm, each part read in place", () => {
  it.each([
    [[3, 1, 6], 3],
    [[2, -1, 5], -1],
    [5, 3],
    [[1, 2], 1],
    [2, 0],
    [[1, 3], 2],
  ] as [number[] | number, number][])("splits %j along axis %i as the cpu backend does", async (sizes, axis) => {
    expect(await split("wasm", sizes, axis)).toEqual(await split("cpu", sizes, axis));
  });

  it("is the gradient of a concatenation along channels, as DenseNet's", async () => {
    const gradient = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const parts = [4, 8, 12].map((c, i) => tf.randomNormal([2, 3, 3, c], 0, 1, "float32", i + 1));
        const dy = tf.randomNormal([2, 3, 3, 24], 0, 1, "float32", 9);
        const grads = tf.grads((a: Tensor, b: Tensor, c: Tensor) => tf.sum(tf.mul(tf.concat([a, b, c], 3), dy)));
        return grads(parts as [Tensor, Tensor, Tensor]).map((g) => Array.from(g.dataSync()));
      });
    };
    expect(await gradient("wasm")).toEqual(await gradient("cpu"));
  });
});
