import type { DataId, DataType, TensorInfo } from "@tensorflow/tfjs-core";
import { runHeapLoop } from "../loops/js-pool.js";

/** What our kernels use of tfjs-backend-wasm's `BackendWasm` (which it does not export as a type). */
export interface WasmHeap {
  readSync(dataId: DataId): ArrayLike<number>;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of the tensor's memory on the wasm heap: no copy. */
  typedArrayFromHeap(info: TensorInfo): Float32Array;
  disposeData(dataId: DataId, force?: boolean): boolean;
}

/** Where a tensor starts on the heap, in float32 elements (the unit of `runHeapLoop`'s args). */
export function heapOffset(view: Float32Array): number {
  return view.byteOffset / 4;
}

/**
 * The filter rotated by 180 degrees with its in/out channel axes swapped ([kh, kw, ci, co] to
 * [kh, kw, co, ci]): what the input gradient convolves with. `rows` and `cols` pick and order the
 * taps (default: all, reversed). One tiled pass in JS over the heap, split by output channels;
 * wasm's Reverse, Gather and Transpose kernels are element loops several times slower here.
 */
export function flippedTransposedFilter(
  heap: WasmHeap,
  filter: TensorInfo,
  rows?: number[],
  cols?: number[],
): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const pickRows = rows ?? reversedRange(kh);
  const pickCols = cols ?? reversedRange(kw);
  const out = heap.makeOutput([pickRows.length, pickCols.length, co, ci], "float32");
  const [from, to] = [heap.typedArrayFromHeap(filter), heap.typedArrayFromHeap(out)];
  const args = [
    heapOffset(from),
    heapOffset(to),
    kh,
    kw,
    ci,
    co,
    pickRows.length,
    pickCols.length,
    ...pickRows,
    ...pickCols,
  ];
  runHeapLoop("flippedTransposedFilter", to.buffer, args, co, to.length);
  return out;
}

function reversedRange(length: number): number[] {
  return Array.from({ length }, (_, i) => length - 1 - i);
}

/**
 * Writes `part` ([n, rows, cols, c]) into every `stride`-th row and column of `target`
 * ([n, h, w, c]) starting at (`row0`, `col0`): how the phases of a strided input gradient
 * interleave. `target` must be zero-filled where no phase writes.
 */
export function interleave(
  heap: WasmHeap,
  part: TensorInfo,
  target: TensorInfo,
  row0: number,
  col0: number,
  strides: [number, number],
): void {
  const [n, rows, cols, c] = part.shape as [number, number, number, number];
  const [, h, w] = target.shape as [number, number, number, number];
  const [from, to] = [heap.typedArrayFromHeap(part), heap.typedArrayFromHeap(target)];
  const args = [heapOffset(from), heapOffset(to), rows, cols, c, h, w, row0, col0, strides[0], strides[1]];
  runHeapLoop("interleave", to.buffer, args, n * rows, from.length);
}

/** Where the forward convolution's windows sit along one axis. */
export interface WindowAxis {
  input: number;
  output: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBefore: number;
}

/**
 * The transposed patch matrix (im2col) of a channels-first input `xT` ([c, n, h, w]): row
 * (tap, channel), column (sample, output row, output column). Its product with `dy` as an
 * [n * outH * outW, outC] matrix is the filter gradient.
 */
export function transposedPatches(heap: WasmHeap, xT: TensorInfo, rows: WindowAxis, cols: WindowAxis): TensorInfo {
  const [channels, batch, h, w] = xT.shape as [number, number, number, number];
  const out = heap.makeOutput([rows.kernel * cols.kernel * channels, batch * rows.output * cols.output], "float32");
  const [src, dst] = [heap.typedArrayFromHeap(xT), heap.typedArrayFromHeap(out)];
  const axis = (a: WindowAxis) => [a.output, a.kernel, a.stride, a.dilation, a.padBefore];
  const args = [heapOffset(src), heapOffset(dst), channels, batch, h, w, ...axis(rows), ...axis(cols)];
  runHeapLoop("transposedPatches", dst.buffer, args, rows.kernel * cols.kernel * channels, dst.length);
  return out;
}

/**
 * The transposed patch matrix of a stride-1 convolution over a padded channels-first input `xT`
 * ([c, n, outH + kh - 1, outW + kw - 1]), with columns (sample, output row, padded column): then
 * the row of tap (a, b) and one channel and sample is a single run of `xT`, one `copyWithin`.
 * The `kw - 1` extra columns of each output row read the next row's values; the caller pairs them
 * with zero rows of `dy`.
 */
export function paddedRowPatches(
  heap: WasmHeap,
  xT: TensorInfo,
  kernelHeight: number,
  kernelWidth: number,
): TensorInfo {
  const [channels, batch, paddedH, paddedW] = xT.shape as [number, number, number, number];
  const columns = batch * (paddedH - kernelHeight + 1) * paddedW;
  const out = heap.makeOutput([kernelHeight * kernelWidth * channels, columns], "float32");
  const [src, dst] = [heap.typedArrayFromHeap(xT), heap.typedArrayFromHeap(out)];
  const args = [heapOffset(src), heapOffset(dst), channels, batch, paddedH, paddedW, kernelHeight, kernelWidth];
  runHeapLoop("paddedRowPatches", dst.buffer, args, kernelHeight * kernelWidth * channels, dst.length);
  return out;
}
