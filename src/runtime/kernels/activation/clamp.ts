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
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory } from "../engine/wasm-module.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { CLAMP_BLOCK } from "../loops/simd-loops.js";
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
 * eval-mode forward (121 calls) against 12 here. Float32 inputs whose length is a multiple of 4,
 * on an engine with SIMD; the rest go to wasm's kernel.
 */
export function clampKernel(shipped: KernelConfig): KernelConfig {
  const limits = bounds[shipped.kernelName]!;
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const memory = backendMemory(args.backend);
    const length = util.sizeFromShape(x.shape);
    const simd = memory !== undefined && clampSimdOn(memory) !== null;
    if (!simd || x.dtype !== "float32" || length % 4 !== 0 || length === 0) return shipped.kernelFunc(args);
    const heap = args.backend as unknown as WasmHeap;
    const y = heap.makeOutput(x.shape, "float32");
    const [from, to] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(y)];
    setLoopMemory(memory);
    const [min, max] = limits(args.attrs);
    const loopArgs = [from.byteOffset, to.byteOffset, length, min, max];
    runHeapLoop("clampBlocks", to.buffer, loopArgs, Math.ceil(length / CLAMP_BLOCK), 2 * length);
    return y;
  };
  return { kernelName: shipped.kernelName, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
