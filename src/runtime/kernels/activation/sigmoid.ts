import { Sigmoid, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory } from "../engine/wasm-module.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { ELEMENT_BLOCK } from "../loops/simd-loops.js";
import { sigmoidSimdOn } from "./sigmoid-simd.js";

/**
 * Sigmoid as one SIMD pass shared by both threads (sigmoid-simd.ts): EfficientNet's swish runs it
 * on every expanded activation (65 calls, 17.5 ms of its eval-mode forward pass on wasm's, which
 * runs through XNNPACK's pool). Float32 inputs whose length is a multiple of 4, on an engine with
 * SIMD; the rest go to wasm's kernel.
 */
export function sigmoidKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const memory = backendMemory(args.backend);
    const length = util.sizeFromShape(x.shape);
    const simd = memory !== undefined && sigmoidSimdOn(memory) !== null;
    if (!simd || x.dtype !== "float32" || length % 4 !== 0 || length === 0) return shipped.kernelFunc(args);
    const heap = args.backend as unknown as WasmHeap;
    const y = heap.makeOutput(x.shape, "float32");
    const [from, to] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(y)];
    setLoopMemory(memory);
    runHeapLoop(
      "sigmoidBlocks",
      to.buffer,
      [from.byteOffset, to.byteOffset, length],
      Math.ceil(length / ELEMENT_BLOCK),
      2 * length,
    );
    return y;
  };
  return { kernelName: Sigmoid, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
