import type { Tensor, TensorInfo } from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { BATCH_NORM_TRAINING } from "../../../src/runtime/kernels/batch-norm/batch-norm-layer.js";
import { BATCH_NORM_CLAMP, CONV_BATCH_NORM } from "../../../src/runtime/kernels/inference-kernels.js";
import {
  convFilterGradientByPatches,
  convFilterGradientByRows,
} from "../../../src/runtime/kernels/convolution/filter-gradient.js";
import type { WasmMemory } from "../../../src/runtime/kernels/loops/js-pool-protocol.js";
import { runHeapLoop, splitStats, startHelper, stopHelper } from "../../../src/runtime/kernels/loops/js-pool.js";
import { flippedTransposedFilter, interleave, type WasmHeap } from "../../../src/runtime/kernels/engine/wasm-heap.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

// Every loop cut into parts that the main and the helper thread claim gives the same bits as the
// whole loop on one thread. Sizes are odd (and above the threshold for cutting), so that parts
// are unequal.

let tf: TfNamespace;
let memory: WasmMemory;
beforeAll(async () => {
  ({ tf } = await selectBackend("wasm", { wasmThreads: 2 }));
  memory = (tf.backend() as unknown as { wasm: { wasmMemory: WasmMemory } }).wasm.wasmMemory;
  await startHelper(memory);
});
afterAll(() => startHelper(memory));

const heap = () => tf.backend() as unknown as WasmHeap;

/** Runs `compute` with the helper, then without, and expects the same bits and `splits` splits. */
async function sameBitsOnOneThread(splits: number, compute: () => (Tensor | TensorInfo)[]): Promise<void> {
  const read = () => {
    const before = splitStats().loops;
    const outputs = tf.tidy(() =>
      compute().map((t) => ("dataSync" in t ? t : tf.engine().makeTensorFromTensorInfo(t))),
    );
    const bits = outputs.map((t) => new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));
    tf.dispose(outputs);
    return { bits, splits: splitStats().loops - before };
  };
  await startHelper(memory);
  const two = read();
  await stopHelper();
  const one = read();
  expect(two.splits).toBe(splits);
  expect(one.splits).toBe(0);
  expect(two.bits).toEqual(one.bits);
  expect(two.bits.some((b) => b.some((v) => v !== 0))).toBe(true);
}

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0.5, 2, "float32", seed);

it.each([
  [[5, 15, 13, 37], 6],
  // Row blocks of 128: 975 rows in 8 blocks, 189 rows in 2, the last ones short.
  [[3, 7, 9, 211], 6],
  // Channels in fours: the SIMD loops in the same parts, and the three Multiply kernels (lengths in fours).
  [[5, 15, 13, 36], 9],
])("batch norm in training mode and its gradient, x %j: sums by row blocks, passes by rows", async (shape, splits) => {
  // Two loops in each of the two forward passes and in the gradient.
  await sameBitsOnOneThread(splits, () => {
    const channels = shape.at(-1)!;
    const [x, scale, offset] = [random(shape, 1), random([channels], 2), random([channels], 3)];
    const forward = (input: Tensor) =>
      tf.engine().runKernel(BATCH_NORM_TRAINING, { x: input, scale, offset }, { varianceEpsilon: 1e-3 }) as Tensor[];
    const dy = random(x.shape, 4);
    const dx = tf.grad((input: Tensor) => tf.sum(tf.mul(forward(input)[0]!, dy)))(x);
    return [...forward(x), dx];
  });
});

it("Relu, Relu6 and ClipByValue gradients, NaN included, run in SIMD on the main thread: no part goes to the helper", async () => {
  await sameBitsOnOneThread(0, () => {
    const x = tf.where(
      tf.greater(random([7, 13, 11, 17], 5), 6),
      tf.fill([7, 13, 11, 17], Number.NaN),
      random([7, 13, 11, 17], 6),
    );
    const dy = random(x.shape, 7);
    const ops = [(t: Tensor) => tf.relu(t), (t: Tensor) => tf.relu6(t), (t: Tensor) => tf.clipByValue(t, -0.5, 3)];
    return ops.map((op) => tf.grad((input: Tensor) => tf.sum(tf.mul(op(input), dy)))(x));
  });
});

it("MaxPoolGrad by samples, overlapping windows and ties", async () => {
  await sameBitsOnOneThread(1, () => {
    const x = tf.relu(tf.round(tf.randomUniform([5, 17, 15, 9], -2, 3, "float32", 8)));
    const pool = (input: Tensor) => tf.maxPool(input as never, 3, 2, "same") as Tensor;
    const dy = random(pool(x).shape, 9);
    return [tf.grad((input: Tensor) => tf.sum(tf.mul(pool(input), dy)))(x)];
  });
});

it("patch matrices of the filter gradient by (tap, channel) rows", async () => {
  const cases = [
    { x: [3, 17, 15, 7], strides: 1, dilations: 2, byRows: false },
    { x: [3, 23, 21, 13], strides: 2, dilations: 1, byRows: false },
    { x: [3, 13, 17, 7], strides: 1, dilations: 1, byRows: true },
  ] as const;
  await sameBitsOnOneThread(cases.length, () =>
    cases.map((c, i) => {
      const info = tf.backend_util.computeConv2DInfo(
        [...c.x],
        [3, 3, c.x[3], 5],
        c.strides,
        c.dilations,
        "same",
        undefined,
        false,
        "channelsLast",
      );
      const [x, dy] = [random([...c.x], 10 + i), random([c.x[0], info.outHeight, info.outWidth, 5], 20 + i)];
      return (c.byRows ? convFilterGradientByRows : convFilterGradientByPatches)(heap(), x, dy, info);
    }),
  );
});

it("the input gradient's rotated filters by output channels and phase interleave by rows", async () => {
  await sameBitsOnOneThread(3, () => {
    const [filter, picked] = [random([3, 3, 37, 101], 30), random([5, 5, 61, 97], 31)];
    const part = random([3, 11, 13, 101], 32);
    const target = tf.zeros([3, 22, 26, 101]);
    interleave(heap(), part, target, 1, 0, [2, 2]);
    return [
      flippedTransposedFilter(heap(), filter),
      flippedTransposedFilter(heap(), picked, [4, 2, 0], [3, 1]),
      target,
    ];
  });
});

it("the helper thread runs parts of a long loop", async () => {
  await startHelper(memory);
  const [x, dy] = [random([64, 64, 64, 16], 40), random([64, 64, 64, 16], 41)];
  const out = tf.zerosLike(x);
  const [g, v, dx] = [dy, x, out].map((t) => heap().typedArrayFromHeap(t));
  const before = splitStats().helperParts;
  for (let i = 0; i < 5; i++)
    runHeapLoop(
      "rangeGradient",
      dx!.buffer,
      [g!.byteOffset / 4, v!.byteOffset / 4, dx!.byteOffset / 4, 0, 6, 0],
      dx!.length,
      3 * dx!.length,
    );
  expect(splitStats().helperParts).toBeGreaterThan(before);
  tf.dispose([x, dy, out]);
});

it("a matrix product by thtl's SIMD product: rows of C in parts, 1,001 rows in 4", async () => {
  await sameBitsOnOneThread(1, () => [tf.matMul(random([1001, 67], 8), random([67, 48], 9))]);
});

it("a strided convolution by its patch matrix and thtl's product: patches by output rows, then rows of C", async () => {
  await sameBitsOnOneThread(2, () => [
    tf.conv2d(random([3, 33, 31, 24], 12) as never, random([3, 3, 24, 16], 13) as never, 2, "same"),
  ]);
});

it("batch norm with given statistics in SIMD by rows", async () => {
  await sameBitsOnOneThread(1, () => {
    const [mean, variance, offset, scale] = [2, 3, 4, 5].map((seed) => random([36], seed));
    return [tf.batchNorm(random([5, 15, 13, 36], 1), mean!, tf.abs(variance!), offset, scale, 1e-3)];
  });
});

it("batch norm and a ReLU6 in one SIMD pass by rows, 64 rows at a time", async () => {
  await sameBitsOnOneThread(1, () => {
    const [mean, variance, offset, scale] = [2, 3, 4, 5].map((seed) => random([36], seed));
    const inputs = { x: random([5, 15, 13, 36], 1), mean: mean!, variance: tf.abs(variance!), offset, scale };
    return [tf.engine().runKernel(BATCH_NORM_CLAMP, inputs, { varianceEpsilon: 1e-3, min: 0, max: 6 }) as Tensor];
  });
});

it("a convolution's batch norm and ReLU6 applied to the product's rows as they are made", async () => {
  await sameBitsOnOneThread(1, () => {
    const [x, filter] = [random([4, 33, 31, 24], 22), random([1, 1, 24, 16], 23)];
    const scaleShift = random([32], 24);
    const attrs = { strides: 1, pad: "same", dataFormat: "NHWC", dilations: 1, activation: "relu6" };
    return [tf.engine().runKernel(CONV_BATCH_NORM, { x, filter, scaleShift }, attrs) as Tensor];
  });
});

it("Relu, Relu6 and ClipByValue in SIMD by blocks of 4,096 elements, NaN included", async () => {
  await sameBitsOnOneThread(3, () => {
    const shape = [4, 33, 31, 17];
    const x = tf.where(tf.greater(random(shape, 5), 6), tf.fill(shape, Number.NaN), random(shape, 6));
    return [tf.relu(x), tf.relu6(x), tf.clipByValue(x, -0.5, 3)];
  });
});

it("a fused convolution's bias and ReLU or ReLU6 applied to the product's rows as they are made", async () => {
  const x = () => random([4, 33, 31, 24], 14) as never;
  const filter = () => random([1, 1, 24, 16], 15) as never;
  await sameBitsOnOneThread(2, () => [
    tf.fused.conv2d({ x: x(), filter: filter(), strides: 1, pad: "same", bias: random([16], 16), activation: "relu" }),
    tf.fused.conv2d({ x: x(), filter: filter(), strides: 1, pad: "same", activation: "relu6" }),
  ]);
});

it("Add and Multiply in SIMD by blocks, a per-image scale by rows, a spatial mean by images", async () => {
  await sameBitsOnOneThread(6, () => {
    const [a, b] = [random([4, 33, 31, 16], 17), random([4, 33, 31, 16], 18)];
    return [
      tf.add(a, b),
      tf.mul(a, b),
      tf.mul(a, tf.scalar(1.5)),
      tf.mul(a, random([4, 1, 1, 16], 19)),
      tf.mean(a, [1, 2]),
      tf.mean(b, [1, 2]),
    ];
  });
});

it("a concatenation by rows of the output", async () => {
  await sameBitsOnOneThread(1, () => [tf.concat([random([4, 33, 31, 20], 20), random([4, 33, 31, 80], 21)], 3)]);
});

it("a constant padding by rows of the output", async () => {
  await sameBitsOnOneThread(1, () => [
    tf.pad(random([4, 33, 31, 20], 22), [
      [0, 0],
      [1, 2],
      [3, 0],
      [0, 0],
    ]),
  ]);
});

it("a Winograd convolution: its input transform by tiles, its 16 products as one job, its output transform", async () => {
  await sameBitsOnOneThread(3, () => [
    tf.conv2d(random([4, 33, 31, 24], 23) as never, random([3, 3, 24, 16], 24) as never, 1, "same"),
  ]);
});
