import {
  util,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { run } from "../engine/engine-ops.js";
import { BATCH_NORM_TRAINING } from "./batch-norm-layer.js";
import { addBlocks, rowBlocks } from "../loops/activation-loops.js";
import { batchNormSimdPass } from "./batch-norm-pass.js";
import { heapScratch, runHeapLoop } from "../loops/js-pool.js";
import { heapOffset, type WasmHeap } from "../engine/wasm-heap.js";

/**
 * Batch normalisation in training mode as one kernel with one gradient kernel, for the wasm
 * backend. tfjs-layers composes it from `moments` and `batchNorm`, whose gradients make about
 * fifteen passes over the activation (Mean and Sum transpose it first); here statistics and
 * gradients are two passes each.
 *
 * Inputs `x` ([..., c], channels last), `scale`, `offset` ([c]); outputs the normalised `x` and
 * the batch mean and (biased) variance, as `tf.moments` gives them.
 */
const BATCH_NORM_TRAINING_GRAD = "ThtlBatchNormTrainingGrad";

interface Attrs {
  varianceEpsilon: number;
}

/** Statistics by channels, normalisation by rows: each thread's part is whole channels or rows. */
const forward: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, scale, offset } = inputs as { x: TensorInfo; scale: TensorInfo; offset: TensorInfo };
  const heap = backend as unknown as WasmHeap;
  const channels = x.shape.at(-1)!;
  const y = heap.makeOutput(x.shape, "float32");
  const mean = heap.makeOutput([channels], "float32");
  const variance = heap.makeOutput([channels], "float32");
  const rows = util.sizeFromShape(x.shape) / channels;
  const blocks = rowBlocks(rows);
  const simd = batchNormSimdPass(backend, channels, Math.max(1 + 4 * blocks, 4) * channels);
  const [values, out, gamma, beta] = [x, y, scale, offset].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  const scratch = heapScratch(channels + 2 * blocks * channels);
  // The first row's values shift the sums (see the loop).
  scratch.set(values!.subarray(0, channels));
  if (simd) {
    simd.vectors.set(values!.subarray(0, channels));
    const args = [values!.byteOffset, simd.at, simd.at + 4 * channels, rows, channels];
    runHeapLoop("batchNormStatisticsSimd", values!.buffer, args, blocks, values!.length);
    scratch.set(simd.totals(channels, 2 * blocks * channels), channels);
  } else
    runHeapLoop("batchNormStatistics", values!.buffer, [heapOffset(values!), rows, channels], blocks, values!.length);
  const [sum, squares] = addBlocks(scratch, channels, blocks, channels);
  const mu = Float64Array.from(sum, (s, c) => scratch[c]! + s / rows);
  const sigma2 = Float64Array.from(squares, (q, c) => Math.max(0, q / rows - (sum[c]! / rows) ** 2));
  // The normalisation, y = x a + b per channel, in the same blocked walk (wasm's FusedBatchNorm
  // took as long as both statistics passes).
  const eps = (attrs as unknown as Attrs).varianceEpsilon;
  const a = Float64Array.from(sigma2, (v, c) => gamma![c]! / Math.sqrt(v + eps));
  scratch.set(a);
  scratch.set(
    Float64Array.from(a, (ac, c) => beta![c]! - mu[c]! * ac),
    channels,
  );
  if (simd) {
    const shift = values!.subarray(0, channels);
    const centre = Float64Array.from(sum, (s) => s / rows);
    [shift, centre, a, beta!].forEach((vector, n) => simd.vectors.set(vector, n * channels));
    const args = [values!.byteOffset, out!.byteOffset, simd.at, channels];
    runHeapLoop("batchNormNormaliseSimd", values!.buffer, args, rows, 2 * values!.length);
  } else
    runHeapLoop(
      "batchNormNormalise",
      values!.buffer,
      [heapOffset(values!), heapOffset(out!), channels],
      rows,
      2 * values!.length,
    );
  simd?.dispose();
  heap.typedArrayFromHeap(mean).set(mu);
  heap.typedArrayFromHeap(variance).set(sigma2);
  return [y, mean, variance];
};

/** dx, dscale, doffset from dy (and the gradients of mean and variance, usually zero). */
const backward: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x, scale, mean, variance, dmean, dvariance } = inputs as Record<string, TensorInfo>;
  const heap = backend as unknown as WasmHeap;
  const channels = x!.shape.at(-1)!;
  const dx = heap.makeOutput(x!.shape, "float32");
  const dscale = heap.makeOutput([channels], "float32");
  const doffset = heap.makeOutput([channels], "float32");
  const rows = util.sizeFromShape(x!.shape) / channels;
  const blocks = rowBlocks(rows);
  const simd = batchNormSimdPass(backend, channels, Math.max(4 * blocks, 3) * channels);
  const [g, xs, out, gamma, mu, sigma2, gMean, gVar] = [dy!, x!, dx, scale!, mean!, variance!, dmean!, dvariance!].map(
    (t) => heap.typedArrayFromHeap(t),
  ) as Float32Array[];
  const eps = (attrs as unknown as Attrs).varianceEpsilon;
  const invStd = Float64Array.from(sigma2!, (v) => 1 / Math.sqrt(v + eps));
  const scratch = heapScratch(Math.max(2 * blocks, 3) * channels);
  if (simd) {
    const args = [g!.byteOffset, xs!.byteOffset, mu!.byteOffset, simd.at, rows, channels];
    runHeapLoop("batchNormGradientSumsSimd", xs!.buffer, args, blocks, 2 * xs!.length);
    scratch.set(simd.totals(0, 2 * blocks * channels));
  } else
    runHeapLoop(
      "batchNormGradientSums",
      xs!.buffer,
      [heapOffset(g!), heapOffset(xs!), heapOffset(mu!), rows, channels],
      blocks,
      2 * xs!.length,
    );
  const [sumDy, sumDyXc] = addBlocks(scratch, 0, blocks, channels);
  // dx = gamma/sigma (dy - mean(dy) - xhat mean(dy xhat)) + dmean/n + 2 (x - mu) dvar/n
  const a = Float64Array.from(invStd, (s, c) => gamma![c]! * s);
  scratch.set(a);
  scratch.set(
    Float64Array.from(a, (ac, c) => (gMean![c]! - ac * sumDy[c]!) / rows),
    channels,
  );
  scratch.set(
    Float64Array.from(invStd, (s, c) => (2 * gVar![c]!) / rows - (a[c]! * s * s * sumDyXc[c]!) / rows),
    2 * channels,
  );
  if (simd) {
    simd.vectors.set(scratch.subarray(0, 3 * channels));
    const args = [g!.byteOffset, xs!.byteOffset, mu!.byteOffset, simd.at, out!.byteOffset, channels];
    runHeapLoop("batchNormGradientSimd", xs!.buffer, args, rows, 3 * xs!.length);
    simd.dispose();
  } else
    runHeapLoop(
      "batchNormGradient",
      xs!.buffer,
      [heapOffset(g!), heapOffset(xs!), heapOffset(mu!), heapOffset(out!), channels],
      rows,
      3 * xs!.length,
    );
  heap.typedArrayFromHeap(dscale).set(Float64Array.from(invStd, (s, c) => sumDyXc[c]! * s));
  heap.typedArrayFromHeap(doffset).set(sumDy);
  return [dx, dscale, doffset];
};

export const batchNormTrainingKernels: KernelConfig[] = [
  { kernelName: BATCH_NORM_TRAINING, backendName: "wasm", kernelFunc: forward },
  { kernelName: BATCH_NORM_TRAINING_GRAD, backendName: "wasm", kernelFunc: backward },
];

export const batchNormTrainingGradient: GradConfig = {
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ["x", "scale"],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [dy, dmean, dvariance] = dys as Tensor[];
    const [x, scale, mean, variance] = saved as Tensor[];
    // One kernel gives all three, so it runs here rather than in the per-input thunks (each of
    // which tfjs runs in its own tidy); the gradient scope disposes what is not used.
    const [dx, dscale, doffset] = run(
      BATCH_NORM_TRAINING_GRAD,
      { dy: dy!, x: x!, scale: scale!, mean: mean!, variance: variance!, dmean: dmean!, dvariance: dvariance! },
      attrs,
    ) as unknown as Tensor[];
    return { x: () => dx!, scale: () => dscale!, offset: () => doffset! };
  },
};
