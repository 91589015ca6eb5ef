import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory } from "../engine/wasm-module.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { elementwiseSimdOn } from "./elementwise-simd.js";

/**
 * The backend's heap with the loops' memory set, where elementwise-simd.ts runs on it; null
 * without SIMD (wasm's kernels then run). Kernels call it before they make their outputs.
 */
export function elementwiseHeap(backend: unknown): WasmHeap | null {
  const memory = backendMemory(backend);
  if (memory === undefined || elementwiseSimdOn(memory) === null) return null;
  setLoopMemory(memory);
  return backend as WasmHeap;
}

/** Byte offsets of tensors on the heap, taken after every output is made. */
export function byteOffsets(heap: WasmHeap, ...tensors: TensorInfo[]): number[] {
  return tensors.map((t) => heap.typedArrayFromHeap(t).byteOffset);
}
