import {
  UnsortedSegmentSum,
  util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";

/**
 * Sums rows of `x` into `numSegments` buckets (the gradient of `gather`). Ids outside the range
 * are dropped, as in TensorFlow. A plain loop: it is memory-bound and small in our models.
 */
const unsortedSegmentSum: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const heap = backend as unknown as WasmHeap;
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = util.sizeFromShape(rowShape);
  const values = heap.readSync(x.dataId);
  const ids = heap.readSync(segmentIds.dataId);
  const out = heap.makeOutput([numSegments, ...rowShape], x.dtype);
  const sums = heap.typedArrayFromHeap(out);
  sums.fill(0);
  for (let row = 0; row < ids.length; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= numSegments) continue;
    for (let k = 0; k < rowSize; k++) sums[segment * rowSize + k] += values[row * rowSize + k]!;
  }
  return out;
};

export const unsortedSegmentSumKernel: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: "wasm",
  kernelFunc: unsortedSegmentSum,
};
