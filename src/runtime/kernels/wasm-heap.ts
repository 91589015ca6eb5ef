import type { DataId, DataType, TensorInfo } from "@tensorflow/tfjs-core";

/** What our kernels use of tfjs-backend-wasm's `BackendWasm` (which it does not export as a type). */
export interface WasmHeap {
  readSync(dataId: DataId): ArrayLike<number>;
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  /** A view of the tensor's memory on the wasm heap: no copy. */
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

const TILE = 64;

/**
 * The filter rotated by 180 degrees with its in/out channel axes swapped ([kh, kw, ci, co] to
 * [kh, kw, co, ci]): what the input gradient convolves with. `rows` and `cols` pick and order the
 * taps (default: all, reversed). One tiled pass in JS over the heap; wasm's Reverse, Gather and
 * Transpose kernels are element loops several times slower here.
 */
export function flippedTransposedFilter(heap: WasmHeap, filter: TensorInfo, rows?: number[], cols?: number[]): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const pickRows = rows ?? reversedRange(kh);
  const pickCols = cols ?? reversedRange(kw);
  const out = heap.makeOutput([pickRows.length, pickCols.length, co, ci], "float32");
  const from = heap.typedArrayFromHeap(filter);
  const to = heap.typedArrayFromHeap(out);
  const plane = ci * co;
  for (let tap = 0; tap < pickRows.length * pickCols.length; tap++) {
    const src = (pickRows[Math.floor(tap / pickCols.length)]! * kw + pickCols[tap % pickCols.length]!) * plane;
    const dst = tap * plane;
    // Tiles walked along the output's rows: contiguous writes, strided reads (measured fastest).
    for (let o0 = 0; o0 < co; o0 += TILE) {
      const o1 = Math.min(co, o0 + TILE);
      for (let i0 = 0; i0 < ci; i0 += TILE) {
        const i1 = Math.min(ci, i0 + TILE);
        for (let o = o0; o < o1; o++) {
          const row = dst + o * ci;
          for (let i = i0; i < i1; i++) to[row + i] = from[src + i * co + o]!;
        }
      }
    }
  }
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
export function interleave(heap: WasmHeap, part: TensorInfo, target: TensorInfo, row0: number, col0: number, strides: [number, number]): void {
  const [n, rows, cols, c] = part.shape as [number, number, number, number];
  const [, h, w] = target.shape as [number, number, number, number];
  const from = heap.typedArrayFromHeap(part);
  const to = heap.typedArrayFromHeap(target);
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < rows; r++) {
      const rowStart = ((b * h + row0 + r * strides[0]) * w + col0) * c;
      const srcStart = ((b * rows + r) * cols) * c;
      for (let q = 0; q < cols; q++) to.set(from.subarray(srcStart + q * c, srcStart + (q + 1) * c), rowStart + q * strides[1] * c);
    }
  }
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
 * [n * outH * outW, outC] matrix is the filter gradient. The matrix is zeroed in one pass, then
 * each output row copies the span of its input row that lies inside the image: plain loops over
 * local numbers, since a `fill` call per window edge cost more than the copying (5 ns an element).
 */
export function transposedPatches(heap: WasmHeap, xT: TensorInfo, rows: WindowAxis, cols: WindowAxis): TensorInfo {
  const [channels, batch, h, w] = xT.shape as [number, number, number, number];
  const [outH, outW] = [rows.output, cols.output];
  const pixels = batch * outH * outW;
  const out = heap.makeOutput([rows.kernel * cols.kernel * channels, pixels], "float32");
  const src = heap.typedArrayFromHeap(xT);
  const dst = heap.typedArrayFromHeap(out);
  dst.fill(0);
  const colStride = cols.stride;
  for (let a = 0; a < rows.kernel; a++) {
    const rowOffset = a * rows.dilation - rows.padBefore;
    // Output rows whose input row lies inside the image.
    const iFirst = Math.max(0, Math.ceil(-rowOffset / rows.stride));
    const iEnd = Math.min(outH, Math.floor((h - 1 - rowOffset) / rows.stride) + 1);
    for (let b = 0; b < cols.kernel; b++) {
      const offset = b * cols.dilation - cols.padBefore;
      const jFirst = Math.max(0, Math.ceil(-offset / colStride));
      const jEnd = Math.min(outW, Math.floor((w - 1 - offset) / colStride) + 1);
      if (jFirst >= jEnd) continue;
      for (let c = 0; c < channels; c++) {
        const rowBase = ((a * cols.kernel + b) * channels + c) * pixels;
        for (let n = 0; n < batch; n++) {
          const plane = (c * batch + n) * h;
          for (let i = iFirst; i < iEnd; i++) {
            const at = rowBase + (n * outH + i) * outW;
            const line = (plane + i * rows.stride + rowOffset) * w + offset;
            if (colStride === 1) for (let j = jFirst; j < jEnd; j++) dst[at + j] = src[line + j]!;
            else for (let j = jFirst; j < jEnd; j++) dst[at + j] = src[line + j * colStride]!;
          }
        }
      }
    }
  }
  return out;
}

/**
 * The transposed patch matrix of a stride-1 convolution over a padded channels-first input `xT`
 * ([c, n, outH + kh - 1, outW + kw - 1]), with columns (sample, output row, padded column): then
 * the row of tap (a, b) and one channel and sample is a single run of `xT`, one `copyWithin`.
 * The `kw - 1` extra columns of each output row read the next row's values; the caller pairs them
 * with zero rows of `dy`.
 */
export function paddedRowPatches(heap: WasmHeap, xT: TensorInfo, kernelHeight: number, kernelWidth: number): TensorInfo {
  const [channels, batch, paddedH, paddedW] = xT.shape as [number, number, number, number];
  const outH = paddedH - kernelHeight + 1;
  const run = outH * paddedW;
  const columns = batch * run;
  const out = heap.makeOutput([kernelHeight * kernelWidth * channels, columns], "float32");
  const src = heap.typedArrayFromHeap(xT);
  const dst = heap.typedArrayFromHeap(out);
  // One view of the whole heap, so that copies between the two tensors allocate nothing.
  const memory = new Float32Array(src.buffer);
  const [from, to, srcEnd] = [src.byteOffset / 4, dst.byteOffset / 4, src.byteOffset / 4 + src.length];
  for (let a = 0; a < kernelHeight; a++) {
    for (let b = 0; b < kernelWidth; b++) {
      for (let c = 0; c < channels; c++) {
        const rowStart = to + ((a * kernelWidth + b) * channels + c) * columns;
        for (let n = 0; n < batch; n++) {
          const start = from + ((c * batch + n) * paddedH + a) * paddedW + b;
          const end = Math.min(start + run, srcEnd);
          const at = rowStart + n * run;
          memory.copyWithin(at, start, end);
          if (end - start < run) memory.fill(0, at + end - start, at + run);
        }
      }
    }
  }
  return out;
}
