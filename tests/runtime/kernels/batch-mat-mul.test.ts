import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

// Shapes as the operands are stored (before the transposes): a Dense layer's two gradients, the
// swapped form's cases (large weights, small batch), batched and broadcast operands, and 1-wide edges.
const cases: { a: number[]; b: number[]; transposeA: boolean; transposeB: boolean }[] = [
  { a: [5, 7], b: [9, 7], transposeA: false, transposeB: true },
  { a: [7, 5], b: [7, 9], transposeA: true, transposeB: false },
  { a: [7, 5], b: [9, 7], transposeA: true, transposeB: true },
  { a: [3, 40], b: [64, 40], transposeA: false, transposeB: true },
  { a: [3, 64], b: [3, 40], transposeA: true, transposeB: false },
  { a: [40, 3], b: [64, 40], transposeA: true, transposeB: true },
  { a: [2, 4, 6], b: [2, 5, 6], transposeA: false, transposeB: true },
  { a: [2, 6, 4], b: [2, 6, 5], transposeA: true, transposeB: false },
  { a: [2, 6, 4], b: [5, 6], transposeA: true, transposeB: true },
  { a: [1, 8], b: [1, 8], transposeA: true, transposeB: false },
  { a: [4, 1], b: [3, 1], transposeA: false, transposeB: true },
];

it.each(cases.map((c) => [JSON.stringify(c), c] as const))("BatchMatMul on wasm equals cpu: %s", async (_, c) => {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const a = tf.randomNormal(c.a, 0, 1, "float32", 1);
      const b = tf.randomNormal(c.b, 0, 1, "float32", 2);
      const out = tf.matMul(a, b, c.transposeA, c.transposeB);
      return { shape: out.shape, values: Array.from(out.dataSync()) };
    });
  };
  const [wasm, cpu] = [await run("wasm"), await run("cpu")];
  expect(wasm.shape).toEqual(cpu.shape);
  wasm.values.forEach((value, i) => expect(value).toBeCloseTo(cpu.values[i]!, 4));
});

it("leaves no tensor behind", async () => {
  await tf.setBackend("wasm");
  const a = tf.randomNormal([3, 64]);
  const b = tf.randomNormal([3, 40]);
  const c = tf.randomNormal([200, 40]);
  const before = tf.memory().numTensors;
  tf.matMul(a, b, true, false).dispose(); // direct form
  tf.matMul(b, c, false, true).dispose(); // swapped form
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([a, b, c]);
});
