import type { HeapLoop } from "./heap-loop-type.js";
import { integerArgs } from "./js-pool-protocol.js";

// Loops of the convolution gradients (patch matrices, filter rotation, phase interleave), in
// parts that either of two threads can run: see heap-loop-type.ts and wasm-heap.ts, which calls them.

const TILE = 64;

/**
 * Output channels [from, to) of the rotated, transposed filter ([kh, kw, ci, co] to
 * [taps, co, ci]), all taps. args: src, dst, kh, kw, ci, co, taps along rows, taps along
 * columns, then the picked source rows and columns.
 */
const flippedTransposedFilter: HeapLoop = (heap, args, _scratch, from, to) => {
  const [src, dst, kh, kw, ci, co, rows, cols] = integerArgs(args, 8) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const picks = integerArgs(args.subarray(8), rows + cols);
  const plane = ci * co;
  // Loops over views run faster than over offsets into the whole heap.
  const [filter, out] = [heap.subarray(src, src + kh * kw * plane), heap.subarray(dst, dst + rows * cols * plane)];
  for (let tap = 0; tap < rows * cols; tap++) {
    const source = (picks[Math.floor(tap / cols)]! * kw + picks[rows + (tap % cols)]!) * plane;
    const target = tap * plane;
    // Tiles walked along the output's rows: contiguous writes, strided reads (measured fastest).
    for (let o0 = from; o0 < to; o0 += TILE) {
      const o1 = Math.min(to, o0 + TILE);
      for (let i0 = 0; i0 < ci; i0 += TILE) {
        const i1 = Math.min(ci, i0 + TILE);
        for (let o = o0; o < o1; o++) {
          const row = target + o * ci;
          for (let i = i0; i < i1; i++) out[row + i] = filter[source + i * co + o]!;
        }
      }
    }
  }
};

/**
 * Rows [from, to) (sample, row) of a phase `part` ([n, rows, cols, c]) written into every
 * stride-th row and column of `target` ([n, h, w, c]) from (row0, col0). args: part, target,
 * rows, cols, c, h, w, row0, col0, strideH, strideW.
 */
const interleave: HeapLoop = (heap, args, _scratch, from, to) => {
  const [part, target, rows, cols, c, h, w, row0, col0, strideH, strideW] = integerArgs(args, 11) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  for (let line = from; line < to; line++) {
    const [b, r] = [Math.floor(line / rows), line % rows];
    const rowStart = target + ((b * h + row0 + r * strideH) * w + col0) * c;
    const srcStart = part + line * cols * c;
    for (let q = 0; q < cols; q++)
      heap.copyWithin(rowStart + q * strideW * c, srcStart + q * c, srcStart + (q + 1) * c);
  }
};

/**
 * Rows [from, to) (tap, channel) of the transposed patch matrix of a channels-first input
 * ([c, n, h, w]): each row is zeroed, then each output row copies the span of its input row that
 * lies inside the image, in plain loops over local numbers (a `fill` call per window edge cost
 * more than the copying). args: x, out, channels, batch, h, w, then per axis (rows, columns):
 * output, kernel, stride, dilation, padBefore.
 */
const transposedPatches: HeapLoop = (heap, args, _scratch, from, to) => {
  // args[7], the kernel's height, goes unread: the row's number gives its tap.
  const [x, out, channels, batch, h, w, outH, , strideH, dilationH, padTop, outW, kw, strideW, dilationW, padLeft] =
    integerArgs(args, 16) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
  const pixels = batch * outH * outW;
  // Loops over views run faster than over offsets into the whole heap.
  const [src, dst] = [
    heap.subarray(x, x + channels * batch * h * w),
    heap.subarray(out + from * pixels, out + to * pixels),
  ];
  dst.fill(0);
  for (let row = from; row < to; row++) {
    const [tap, c] = [Math.floor(row / channels), row % channels];
    const rowOffset = Math.floor(tap / kw) * dilationH - padTop;
    const offset = (tap % kw) * dilationW - padLeft;
    // Output rows and columns whose input lies inside the image.
    const iFirst = Math.max(0, Math.ceil(-rowOffset / strideH));
    const iEnd = Math.min(outH, Math.floor((h - 1 - rowOffset) / strideH) + 1);
    const jFirst = Math.max(0, Math.ceil(-offset / strideW));
    const jEnd = Math.min(outW, Math.floor((w - 1 - offset) / strideW) + 1);
    if (jFirst >= jEnd) continue;
    const rowBase = (row - from) * pixels;
    for (let n = 0; n < batch; n++) {
      const plane = (c * batch + n) * h;
      for (let i = iFirst; i < iEnd; i++) {
        const at = rowBase + (n * outH + i) * outW;
        const line = (plane + i * strideH + rowOffset) * w + offset;
        if (strideW === 1) for (let j = jFirst; j < jEnd; j++) dst[at + j] = src[line + j]!;
        else for (let j = jFirst; j < jEnd; j++) dst[at + j] = src[line + j * strideW]!;
      }
    }
  }
};

/**
 * Rows [from, to) (tap, channel) of the patch matrix of a stride-1 convolution over a padded
 * channels-first input ([c, n, paddedH, paddedW]) with columns (sample, output row, padded
 * column): the row of one tap, channel and sample is a single run of the input, one
 * `copyWithin`. args: x, out, channels, batch, paddedH, paddedW, kh, kw.
 */
const paddedRowPatches: HeapLoop = (heap, args, _scratch, from, to) => {
  const [x, out, channels, batch, paddedH, paddedW, kh, kw] = integerArgs(args, 8) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const run = (paddedH - kh + 1) * paddedW;
  const xEnd = x + channels * batch * paddedH * paddedW;
  for (let row = from; row < to; row++) {
    const [tap, c] = [Math.floor(row / channels), row % channels];
    for (let n = 0; n < batch; n++) {
      const start = x + ((c * batch + n) * paddedH + Math.floor(tap / kw)) * paddedW + (tap % kw);
      const end = Math.min(start + run, xEnd);
      const at = out + (row * batch + n) * run;
      heap.copyWithin(at, start, end);
      if (end - start < run) heap.fill(0, at + end - start, at + run);
    }
  }
};

/**
 * The forward's patch matrix [pixels, kh kw ci] of an NHWC input, for output rows [from, to) (of
 * batch x outHeight): each tap's ci input values are one contiguous copy (zeros outside the
 * image). args: src, dst, height, width, ci, outHeight, outWidth, kh, kw, strideH, strideW,
 * padTop, padLeft.
 */
const forwardPatches: HeapLoop = (heap, args, _scratch, from, to) => {
  const [src, dst, height, width, ci, outHeight, outWidth, kh, kw, strideH, strideW, padTop, padLeft] = integerArgs(
    args,
    13,
  ) as [number, number, number, number, number, number, number, number, number, number, number, number, number];
  for (let row = from; row < to; row++) {
    const [image, oy] = [Math.floor(row / outHeight), row % outHeight];
    for (let ox = 0; ox < outWidth; ox++) {
      let at = dst + (row * outWidth + ox) * kh * kw * ci;
      for (let ky = 0; ky < kh; ky++) {
        const iy = oy * strideH - padTop + ky;
        for (let kx = 0; kx < kw; kx++, at += ci) {
          const ix = ox * strideW - padLeft + kx;
          if (iy < 0 || iy >= height || ix < 0 || ix >= width) heap.fill(0, at, at + ci);
          else {
            const source = src + ((image * height + iy) * width + ix) * ci;
            heap.copyWithin(at, source, source + ci);
          }
        }
      }
    }
  }
};

export const convLoops = { flippedTransposedFilter, interleave, transposedPatches, paddedRowPatches, forwardPatches };
