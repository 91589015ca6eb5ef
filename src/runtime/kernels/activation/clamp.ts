import {
  ClipByValue,
  Relu,
  Relu6,
  util,
  type ClipByValueAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { runHeapLoop } from "../loops/js-pool.js";
import { loopHeap } from "../loops/loop-heap.js";
import { elementBlocks } from "../loops/simd-loops.js";
import { clampSimdOn } from "./clamp-simd.js";

/** Each kernel's bounds from its attributes. */
const bounds: Record<string, (attrs: unknown) => [number, number]> = {
  [Relu]: () => [0, Infinity],
  [Relu6]: () => [0, 6],
  [ClipByValue]: (attrs) => {
    const { clipValueMin, clipValueMax } = attrs as ClipByValueAttrs;
    return [clipValueMin, clipValueMax];
  },
};

/**
 * Relu, Relu6 and ClipByValue as one SIMD pass shared by both threads (clamp-simd.ts). wasm's
 * run through XNNPACK's pool, whose worker then spins on the second core: 36 ms of DenseNet121's
 * eval-mode forward (121 calls) against 15.6 here. Float32 inputs whose length is a multiple of 4,
 * on an engine with SIMD; the rest go to wasm's kernel.
 */
export function clampKernel(shipped: KernelConfig): KernelConfig {
  const limits = bounds[shipped.kernelName]!;
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const length = util.sizeFromShape(x.shape);
    const fits = x.dtype === "float32" && length % 4 === 0 && length > 0;
    const heap = fits ? loopHeap(args.backend, clampSimdOn) : null;
    if (heap === null) return shipped.kernelFunc(args);
    const y = heap.makeOutput(x.shape, "float32");
    const [from, to] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(y)];
    const [min, max] = limits(args.attrs);
    const loopArgs = [from.byteOffset, to.byteOffset, length, min, max];
    runHeapLoop("clampBlocks", to.buffer, loopArgs, elementBlocks(length), 2 * length);
    return y;
  };
  return { kernelName: shipped.kernelName, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

/**
 * y = min(max(y + bias, min), max) in place, on both threads: a fused convolution's bias and
 * activation in one pass over its fresh output, where wasm's Add and Relu took two (Add alone 16
 * of ResNet50's 337 ms a batch). False, with `y` untouched, where it does not apply: no SIMD, a
 * bias that is not one float32 per channel, or channels not in fours.
 */
export function biasClampInPlace(
  backend: unknown,
  y: TensorInfo,
  bias: TensorInfo | undefined,
  min: number,
  max: number,
): boolean {
  const channels = y.shape.at(-1) ?? 0;
  const perChannel = bias === undefined || (bias.dtype === "float32" && util.sizeFromShape(bias.shape) === channels);
  const heap = perChannel && channels % 4 === 0 && channels > 0 ? loopHeap(backend, clampSimdOn) : null;
  if (heap === null) return false;
  const values = heap.typedArrayFromHeap(y);
  if (bias === undefined) {
    const loopArgs = [values.byteOffset, values.byteOffset, values.length, min, max];
    runHeapLoop("clampBlocks", values.buffer, loopArgs, elementBlocks(values.length), 2 * values.length);
  } else {
    const loopArgs = [values.byteOffset, heap.typedArrayFromHeap(bias).byteOffset, channels, min, max];
    runHeapLoop("biasClampRows", values.buffer, loopArgs, values.length / channels, 2 * values.length);
  }
  return true;
}
