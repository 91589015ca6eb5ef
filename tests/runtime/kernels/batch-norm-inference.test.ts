import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { BATCH_NORM_CLAMP } from "../../../src/runtime/kernels/inference-kernels.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

interface Case {
  shape: number[];
  /** Which per-channel inputs are given (mean and variance always are), and their shape. */
  scale: boolean;
  offset: boolean;
  statsShape?: number[];
}

/** tf.batchNorm (FusedBatchNorm) on one backend, with statistics far from zero and one. */
async function batchNorm(backend: string, c: Case): Promise<{ y: number[]; kernel: string }> {
  await tf.setBackend(backend);
  const channels = c.shape.at(-1)!;
  const stats = c.statsShape ?? [channels];
  const values = tf.tidy(() => {
    const x = tf.add(tf.mul(tf.randomNormal(c.shape, 0, 1, "float32", 5), 3), 40);
    const mean = tf.reshape(tf.linspace(38, 42, channels), stats);
    const variance = tf.reshape(tf.linspace(0.5, 9, channels), stats);
    const scale = c.scale ? tf.reshape(tf.linspace(-2, 2, channels), stats) : undefined;
    const offset = c.offset ? tf.reshape(tf.linspace(-1, 3, channels), stats) : undefined;
    return Array.from(tf.batchNorm(x as Tensor, mean, variance, offset, scale, 1e-3).dataSync());
  });
  return { y: values, kernel: tf.getKernel("FusedBatchNorm", backend)!.kernelFunc.name };
}

const cases: Case[] = [
  { shape: [2, 5, 3, 8], scale: true, offset: true },
  { shape: [3, 4], scale: true, offset: true },
  { shape: [1, 7, 7, 12], scale: false, offset: true },
  { shape: [2, 3, 3, 4], scale: true, offset: false },
  { shape: [2, 3, 3, 16], scale: false, offset: false },
  { shape: [2, 2, 2, 8], scale: true, offset: true, statsShape: [1, 1, 1, 8] },
  // Channels not in fours go to wasm's own kernel.
  { shape: [2, 4, 4, 6], scale: true, offset: true },
];

describe("FusedBatchNorm on wasm (inference's batch norm)", () => {
  it.each(cases)("matches the cpu backend: %j", async (c) => {
    const wasm = await batchNorm("wasm", c);
    const cpu = await batchNorm("cpu", c);
    const largest = Math.max(...cpu.y.map(Math.abs));
    wasm.y.forEach((value, i) => expect(Math.abs(value - cpu.y[i]!)).toBeLessThanOrEqual(2e-6 * largest));
  });

  it("is thtl's SIMD pass on wasm, and leaves no tensor behind", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    await batchNorm("wasm", cases[0]!);
    expect(tf.memory().numTensors).toBe(before);
    // The wrapper's kernel function, not wasm's `fusedBatchNorm`.
    expect((await batchNorm("wasm", cases[0]!)).kernel).toBe("kernelFunc");
  });
});

describe("ThtlBatchNormClamp on wasm (inference's batch norm and ReLU in one pass)", () => {
  /** The kernel on wasm, and FusedBatchNorm then ClipByValue on cpu. */
  async function batchNormClamp(backend: string, c: Case, min: number, max: number): Promise<number[]> {
    await tf.setBackend(backend);
    const channels = c.shape.at(-1)!;
    return tf.tidy(() => {
      const x = tf.mul(tf.randomNormal(c.shape, 0, 1, "float32", 5), 4);
      const inputs = {
        x,
        mean: tf.linspace(-1, 1, channels),
        variance: tf.linspace(0.5, 2, channels),
        ...(c.offset && { offset: tf.linspace(-1, 3, channels) }),
        ...(c.scale && { scale: tf.linspace(-2, 2, channels) }),
      };
      const y =
        backend === "wasm"
          ? (tf.engine().runKernel(BATCH_NORM_CLAMP, inputs, { varianceEpsilon: 1e-3, min, max }) as Tensor)
          : tf.clipByValue(tf.batchNorm(x, inputs.mean, inputs.variance, inputs.offset, inputs.scale, 1e-3), min, max);
      return Array.from(y.dataSync());
    });
  }

  it.each(
    cases
      .filter((c) => !c.statsShape)
      .flatMap((c) => [
        { ...c, max: Infinity },
        { ...c, max: 6 },
      ]),
  )("matches batch norm and a clip on the cpu backend: %j", async (c) => {
    const wasm = await batchNormClamp("wasm", c, 0, c.max);
    const cpu = await batchNormClamp("cpu", c, 0, c.max);
    expect(wasm.some((v) => v === 0) && wasm.some((v) => v > 0)).toBe(true);
    if (c.max === 6) expect(wasm.some((v) => v === 6)).toBe(true);
    const largest = Math.max(...cpu.map(Math.abs));
    wasm.forEach((value, i) => expect(Math.abs(value - cpu[i]!)).toBeLessThanOrEqual(2e-6 * largest));
  });

  it("leaves no tensor behind, in its pass or where it falls back", async () => {
    await tf.setBackend("wasm");
    const before = tf.memory().numTensors;
    await batchNormClamp("wasm", cases[0]!, 0, 6);
    await batchNormClamp("wasm", cases.at(-1)!, 0, 6);
    expect(tf.memory().numTensors).toBe(before);
  });
});
