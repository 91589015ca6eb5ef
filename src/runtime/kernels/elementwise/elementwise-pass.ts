import type { TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { loopHeap } from "../loops/loop-heap.js";
import { elementwiseSimdOn } from "./elementwise-simd.js";

/** The backend's heap where elementwise-simd.ts runs on it (`loopHeap`); null otherwise. */
export function elementwiseHeap(backend: unknown): WasmHeap | null {
  return loopHeap(backend, elementwiseSimdOn);
}

/** Byte offsets of tensors on the heap, taken after every output is made. */
export function byteOffsets(heap: WasmHeap, ...tensors: TensorInfo[]): number[] {
  return tensors.map((t) => heap.typedArrayFromHeap(t).byteOffset);
}
