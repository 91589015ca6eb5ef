import { engine } from "@tensorflow/tfjs-core";
import { loopHeap } from "../loops/loop-heap.js";
import { batchNormSimdOn } from "./batch-norm-simd.js";

/**
 * What a batch norm kernel needs to run the SIMD loops (batch-norm-simd.ts, on both threads
 * through simd-loops.ts) where the channels come in fours: a float32 array of `length` on the heap
 * for their vectors and float64 sums. Null otherwise (the JavaScript loops run). Allocated before
 * the kernel takes its views: a growing heap would detach them.
 */
export function batchNormSimdPass(backend: unknown, channels: number, length: number) {
  const heap = channels % 4 === 0 ? loopHeap(backend, batchNormSimdOn) : null;
  if (heap === null) return null;
  const tensor = engine().makeTensorFromTensorInfo(heap.makeOutput([length], "float32"));
  const vectors = heap.typedArrayFromHeap(tensor);
  const at = vectors.byteOffset;
  /** The loops' float64 block sums: `length` of them from float32 element `from`. */
  const totals = (from: number, length: number) => new Float64Array(vectors.buffer, at + 4 * from, length);
  return { vectors, at, totals, dispose: () => tensor.dispose() };
}
