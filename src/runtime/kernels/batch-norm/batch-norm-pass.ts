import { engine } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { backendMemory } from "../engine/wasm-module.js";
import { setLoopMemory } from "../loops/loop-memory.js";
import { batchNormSimd } from "./batch-norm-simd.js";

/**
 * What a batch norm kernel needs to run the SIMD loops (batch-norm-simd.ts, on both threads
 * through simd-loops.ts) where the channels come in fours: a float32 array of `length` on the heap
 * for their vectors and float64 sums. Null otherwise (the JavaScript loops run). Allocated before
 * the kernel takes its views: a growing heap would detach them.
 */
export function batchNormSimdPass(backend: unknown, channels: number, length: number) {
  const memory = backendMemory(backend);
  if (channels % 4 !== 0 || memory === undefined || batchNormSimd(backend) === null) return null;
  setLoopMemory(memory);
  const heap = backend as WasmHeap;
  const tensor = engine().makeTensorFromTensorInfo(heap.makeOutput([length], "float32"));
  const vectors = heap.typedArrayFromHeap(tensor);
  const at = vectors.byteOffset;
  /** The loops' float64 block sums: `length` of them from float32 element `from`. */
  const totals = (from: number, length: number) => new Float64Array(vectors.buffer, at + 4 * from, length);
  return { vectors, at, totals, dispose: () => tensor.dispose() };
}
