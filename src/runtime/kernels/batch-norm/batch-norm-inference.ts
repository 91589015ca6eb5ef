import {
  ClipByValue,
  FusedBatchNorm,
  tidy,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { run } from "../engine/engine-ops.js";
import { BATCH_NORM_CLAMP } from "../inference-kernels.js";
import { runHeapLoop } from "../loops/js-pool.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { elementwiseHeap } from "../elementwise/elementwise-pass.js";

interface Inputs {
  x: TensorInfo;
  mean: TensorInfo;
  variance: TensorInfo;
  offset?: TensorInfo;
  scale?: TensorInfo;
}

/**
 * Batch norm with given statistics (every batch norm in inference, and frozen ones in training)
 * as one SIMD pass by rows on both threads: y = x a + b with a = scale / sqrt(variance +
 * epsilon) and b = offset - mean a per channel (made in float64), four channels at a time, as
 * PyTorch's CPU kernel computes it in inference. wasm's FusedBatchNorm walks the elements one at
 * a time with an index computation each: 42% of MobileNetV2's eval-mode forward (66 of 158 CPU
 * ms). Float32 activations whose per-channel inputs all have one value per channel (the last
 * axis), channels a multiple of 4, an engine with SIMD; everything else goes to wasm's kernel.
 */
export function fusedBatchNormKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const epsilon = (args.attrs as { varianceEpsilon: number }).varianceEpsilon;
    const inputs = args.inputs as unknown as Inputs;
    return batchNormPass(args.backend, inputs, epsilon, -Infinity, Infinity) ?? shipped.kernelFunc(args);
  };
  return { kernelName: FusedBatchNorm, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

/**
 * Batch norm with given statistics and then a ReLU or ReLU6, as a clamp to [min, max], in the
 * same pass (`BATCH_NORM_CLAMP`): inference's batch norms that no convolution precedes
 * (DenseNet's, before each layer's ReLU). Where the pass does not apply, FusedBatchNorm and
 * ClipByValue. No gradient: inference only.
 */
export const batchNormClampKernel: KernelConfig = {
  kernelName: BATCH_NORM_CLAMP,
  backendName: "wasm",
  kernelFunc: (args) => {
    const { varianceEpsilon, min, max } = args.attrs as { varianceEpsilon: number; min: number; max: number };
    const inputs = args.inputs as unknown as Inputs;
    const y = batchNormPass(args.backend, inputs, varianceEpsilon, min, max);
    if (y !== null) return y;
    return tidy(() => {
      const normalised = run(FusedBatchNorm, args.inputs as Record<string, TensorInfo>, { varianceEpsilon });
      return run(ClipByValue, { x: normalised }, { clipValueMin: min, clipValueMax: max });
    });
  },
};

/** The pass of both kernels above, or null where it does not apply. */
function batchNormPass(backend: unknown, inputs: Inputs, epsilon: number, min: number, max: number): TensorInfo | null {
  const channels = inputs.x.shape.at(-1) ?? 0;
  const perChannel = [inputs.mean, inputs.variance, inputs.offset, inputs.scale];
  const fits = perChannel.every((t) => t === undefined || util.sizeFromShape(t.shape) === channels);
  const empty = util.sizeFromShape(inputs.x.shape) === 0;
  const heap = channels % 4 === 0 ? elementwiseHeap(backend) : null;
  if (heap === null || inputs.x.dtype !== "float32" || !fits || empty) return null;
  const y = heap.makeOutput(inputs.x.shape, "float32");
  const coefficients = scaleShift(heap, inputs, channels, epsilon);
  scaleShiftRows(heap, inputs.x, coefficients, y, min, max);
  heap.disposeData(coefficients.dataId, true);
  return y;
}

/**
 * y = y a + b per channel (the last axis), then clamped to [min, max], in place, in the same
 * pass: a convolution's output with its batch norm folded in (`st`: the channels' a, then their
 * b). False, with `y` untouched, where it does not apply (no SIMD, channels not in fours).
 */
export function scaleShiftInPlace(backend: unknown, y: TensorInfo, st: TensorInfo, min: number, max: number): boolean {
  const channels = y.shape.at(-1) ?? 0;
  const fits = y.dtype === "float32" && st.dtype === "float32" && util.sizeFromShape(st.shape) === 2 * channels;
  const heap = fits && channels % 4 === 0 && util.sizeFromShape(y.shape) > 0 ? elementwiseHeap(backend) : null;
  if (heap === null) return false;
  scaleShiftRows(heap, y, st, y, min, max);
  return true;
}

/** y = x a + b by rows on both threads (`scaleShiftRowsSimd`), then the clamp. */
function scaleShiftRows(heap: WasmHeap, x: TensorInfo, st: TensorInfo, y: TensorInfo, min: number, max: number): void {
  const channels = x.shape.at(-1)!;
  const [from, coefficients, to] = [x, st, y].map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
  const loopArgs = [from!.byteOffset, coefficients!.byteOffset, to!.byteOffset, channels, min, max];
  runHeapLoop("scaleShiftRowsSimd", from!.buffer, loopArgs, from!.length / channels, 2 * from!.length);
}

/**
 * [a, b] per channel on the heap, a = scale / sqrt(variance + epsilon) and b = offset - mean a
 * (in float64), as a backend output the caller frees.
 */
function scaleShift(heap: WasmHeap, inputs: Inputs, channels: number, epsilon: number): TensorInfo {
  const coefficients = heap.makeOutput([2 * channels], "float32");
  const read = (t: TensorInfo | undefined, fill: number) =>
    t === undefined ? new Float32Array(channels).fill(fill) : heap.typedArrayFromHeap(t);
  const [mean, variance, offset, scale] = [
    read(inputs.mean, 0),
    read(inputs.variance, 1),
    read(inputs.offset, 0),
    read(inputs.scale, 1),
  ];
  const st = heap.typedArrayFromHeap(coefficients);
  for (let c = 0; c < channels; c++) {
    const a = scale[c]! / Math.sqrt(variance[c]! + epsilon);
    st[c] = a;
    st[channels + c] = offset[c]! - mean[c]! * a;
  }
  return coefficients;
}
