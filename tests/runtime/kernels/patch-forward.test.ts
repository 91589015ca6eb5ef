import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

type Pad = "same" | "valid" | [[0, 0], [number, number], [number, number], [0, 0]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: Pad;
}

/** conv2d, and fused: with a bias and a ReLU, with a ReLU6 alone, and with a bias alone, on one backend. */
async function convolve(backend: string, c: Case): Promise<number[][]> {
  await tf.setBackend(backend);
  const outputs = tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 2, "float32", 6) as Tensor;
    const filter = tf.randomNormal(c.filter, 0, 1, "float32", 7) as Tensor;
    const bias = tf.linspace(-1, 1, c.filter[3]);
    const plain = tf.conv2d(x as never, filter as never, c.strides, c.pad) as Tensor;
    const fused = (activation: "relu" | "relu6" | "linear", b?: Tensor) =>
      tf.fused.conv2d({ x: x as never, filter: filter as never, strides: c.strides, pad: c.pad, bias: b, activation });
    return [plain, fused("relu", bias), fused("relu6"), fused("linear", bias)] as Tensor[];
  });
  const values = outputs.map((t) => Array.from(t.dataSync()));
  tf.dispose(outputs);
  return values;
}

// A 1x1 stride-1 convolution: one product of x and the filter as they lie. Convolutions that
// neither Winograd nor that take: by patch matrix and thtl's product where the input has 16
// channels or more and the output a multiple of 8; the last two stay with wasm's convolution.
const cases: Case[] = [
  { x: [3, 5, 7, 24], filter: [1, 1, 24, 16], strides: 1, pad: "same" },
  { x: [2, 9, 9, 16], filter: [3, 3, 16, 8], strides: 2, pad: "same" },
  { x: [1, 8, 10, 24], filter: [3, 3, 24, 16], strides: 2, pad: "valid" },
  { x: [2, 7, 7, 16], filter: [1, 7, 16, 8], strides: 1, pad: "same" },
  { x: [2, 7, 7, 16], filter: [7, 1, 16, 24], strides: 1, pad: "same" },
  { x: [1, 9, 9, 32], filter: [5, 5, 32, 8], strides: 1, pad: "valid" },
  { x: [2, 8, 8, 16], filter: [1, 1, 16, 8], strides: 2, pad: "same" },
  {
    x: [1, 6, 6, 16],
    filter: [2, 2, 16, 8],
    strides: 1,
    pad: [
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [2, 9, 9, 3], filter: [3, 3, 3, 8], strides: 2, pad: "same" },
  { x: [2, 9, 9, 16], filter: [3, 3, 16, 12], strides: 2, pad: "same" },
];

describe("forward convolutions by thtl's product", () => {
  it.each(cases)("match the cpu backend, plain and fused, and leave no tensor behind: %j", async (c) => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    const wasm = await convolve("wasm", c);
    expect(tf.memory().numTensors).toBe(before);
    const cpu = await convolve("cpu", c);
    const largest = Math.max(...cpu.flat().map(Math.abs));
    wasm.forEach((out, o) => {
      expect(out).toHaveLength(cpu[o]!.length);
      out.forEach((v, i) => expect(Math.abs(v - cpu[o]![i]!)).toBeLessThanOrEqual(2e-6 * largest));
    });
  });
});
