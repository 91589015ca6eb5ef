import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const cases: { shape: number[]; begin: number[]; size: number[]; dtype: "float32" | "int32" }[] = [
  { shape: [2, 6, 6, 3], begin: [0, 1, 1, 0], size: [2, 4, 4, 3], dtype: "float32" },
  { shape: [2, 6, 6, 3], begin: [1, 0, 0, 0], size: [1, 6, 6, 3], dtype: "float32" },
  { shape: [2, 6, 6, 3], begin: [0, 2, 0, 1], size: [-1, 3, -1, 2], dtype: "int32" },
  { shape: [3, 5], begin: [1, 2], size: [2, 3], dtype: "float32" },
  { shape: [7], begin: [2], size: [4], dtype: "int32" },
  { shape: [2, 3, 4, 5, 2], begin: [1, 0, 1, 2, 0], size: [1, 3, 2, 2, 2], dtype: "float32" },
  { shape: [4, 4, 4], begin: [0, 0, 0], size: [4, 4, 4], dtype: "float32" },
];

it.each(cases.map((c) => [JSON.stringify(c), c] as const))("Slice on wasm equals cpu: %s", async (_, c) => {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.reshape(
        tf.cast(
          tf.range(
            0,
            c.shape.reduce((a, b) => a * b),
            1,
          ),
          c.dtype,
        ),
        c.shape,
      );
      const out = tf.slice(x, c.begin, c.size);
      return { shape: out.shape, values: Array.from(out.dataSync()) };
    });
  };
  expect(await run("wasm")).toEqual(await run("cpu"));
});
