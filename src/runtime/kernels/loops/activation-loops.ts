import type { HeapLoop } from "./heap-loop-type.js";
import { integerArgs } from "./js-pool-protocol.js";

// Loops over activations (batch norm in training mode, ReLU-like gradients, max pooling's
// gradient), in parts that either of two threads can run: see heap-loop-type.ts.

/**
 * Rows per block of the batch norm loops: they walk one channel at a time through a block of
 * rows that stays in the L1 cache, keeping per-channel sums in registers (twice as fast as
 * channel-innermost here).
 */
export const BLOCK = 128;

/** How many row blocks the batch norm sums walk: the units of their loops. */
export function rowBlocks(rows: number): number {
  return Math.ceil(rows / BLOCK);
}

/**
 * The per-channel sums of the blocks' totals that start at `at` in `scratch` (`blocks` pairs of
 * vectors of `channels`, as the sum loops leave them), added block by block from zero: the order
 * of one thread walking all blocks, whoever computed them. Returns the two vectors of sums.
 */
export function addBlocks(
  scratch: Float64Array,
  at: number,
  blocks: number,
  channels: number,
): [Float64Array, Float64Array] {
  const [first, second] = [new Float64Array(channels), new Float64Array(channels)];
  for (let block = 0; block < blocks; block++) {
    const totals = at + 2 * block * channels;
    for (let c = 0; c < channels; c++) {
      first[c] += scratch[totals + c]!;
      second[c] += scratch[totals + channels + c]!;
    }
  }
  return [first, second];
}

/** `length` elements of the heap from `at`: loops over views run faster than over offsets into the heap. */
function view(heap: Float32Array, at: number, length: number): Float32Array {
  return heap.subarray(at, at + length);
}

/**
 * Batch statistics, row blocks [from, to): per block and channel, the sums of x minus a shift
 * (the first row, an estimate of the mean, which keeps the sum of squares free of cancellation)
 * and of their squares; the caller adds the blocks up in order (`addBlocks`). args: x, rows,
 * channels. scratch: shift (channels), then per block the sums and the squares (channels each).
 */
const batchNormStatistics: HeapLoop = (heap, args, scratch, from, to) => {
  const [x, rows, channels] = integerArgs(args, 3) as [number, number, number];
  const values = view(heap, x, rows * channels);
  for (let block = from; block < to; block++) {
    const [r0, r1] = [block * BLOCK, Math.min(rows, (block + 1) * BLOCK)];
    const totals = channels + 2 * block * channels;
    for (let c = 0; c < channels; c++) {
      const k = scratch[c]!;
      let total = 0;
      let totalSquares = 0;
      for (let at = r0 * channels + c; at < r1 * channels; at += channels) {
        const d = values[at]! - k;
        total += d;
        totalSquares += d * d;
      }
      scratch[totals + c] = total;
      scratch[totals + channels + c] = totalSquares;
    }
  }
};

/** y = x a + b per channel, rows [from, to). args: x, y, channels. scratch: a, b (channels each). */
const batchNormNormalise: HeapLoop = (heap, args, scratch, from, to) => {
  const [x, y, channels] = integerArgs(args, 3) as [number, number, number];
  const [values, out] = [
    view(heap, x + from * channels, (to - from) * channels),
    view(heap, y + from * channels, (to - from) * channels),
  ];
  const rows = to - from;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    for (let c = 0; c < channels; c++) {
      const [ac, bc] = [scratch[c]!, scratch[channels + c]!];
      for (let at = r0 * channels + c; at < r1 * channels; at += channels) out[at] = values[at]! * ac + bc;
    }
  }
};

/**
 * Row blocks [from, to) of the sums over rows of dy and of dy (x - mean): per block and channel,
 * added up in order by the caller (`addBlocks`). args: dy, x, mean, rows, channels. scratch: per
 * block the sums of dy and of dy (x - mean) (channels each).
 */
const batchNormGradientSums: HeapLoop = (heap, args, scratch, from, to) => {
  const [dy, x, mean, rows, channels] = integerArgs(args, 5) as [number, number, number, number, number];
  const [g, xs, mu] = [view(heap, dy, rows * channels), view(heap, x, rows * channels), view(heap, mean, channels)];
  for (let block = from; block < to; block++) {
    const [r0, r1] = [block * BLOCK, Math.min(rows, (block + 1) * BLOCK)];
    const totals = 2 * block * channels;
    for (let c = 0; c < channels; c++) {
      const m = mu[c]!;
      let dys = 0;
      let dyXc = 0;
      for (let at = r0 * channels + c; at < r1 * channels; at += channels) {
        const d = g[at]!;
        dys += d;
        dyXc += d * (xs[at]! - m);
      }
      scratch[totals + c] = dys;
      scratch[totals + channels + c] = dyXc;
    }
  }
};

/**
 * dx = a dy + b + k (x - mean) per channel, rows [from, to). args: dy, x, mean, dx, channels.
 * scratch: a, b, k (channels each).
 */
const batchNormGradient: HeapLoop = (heap, args, scratch, from, to) => {
  const [dy, x, mean, dx, channels] = integerArgs(args, 5) as [number, number, number, number, number];
  const rows = to - from;
  const [g, xs, out] = [dy, x, dx].map((at) => view(heap, at + from * channels, rows * channels)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const mu = view(heap, mean, channels);
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const r1 = Math.min(rows, r0 + BLOCK);
    for (let c = 0; c < channels; c++) {
      const [ac, bc, kc, m] = [scratch[c]!, scratch[channels + c]!, scratch[2 * channels + c]!, mu[c]!];
      for (let at = r0 * channels + c; at < r1 * channels; at += channels)
        out[at] = ac * g[at]! + bc + kc * (xs[at]! - m);
    }
  }
};

/**
 * `dy` where `x` lies in [min, max] (clip: ClipByValue's gradient, NaN gives 0) or (min, max]
 * (Relu, Relu6: NaN gives NaN), else 0; elements [from, to). args: dy, x, dx, min, max, clip.
 * Branch-free masks (activations change sign at random): five times faster than `?:` here.
 */
const rangeGradient: HeapLoop = (heap, args, _scratch, from, to) => {
  const [dy, x, dx] = integerArgs(args, 3) as [number, number, number];
  const [min, max, clip] = [args[3]!, args[4]!, args[5]!];
  const [g, v, out] = [dy, x, dx].map((at) => view(heap, at + from, to - from)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  if (clip) {
    // `+ 0` turns the -0 of a negative gradient times 0 into the 0 that tfjs's `where` gives.
    for (let i = 0; i < v.length; i++) out[i] = g[i]! * (Number(v[i]! >= min) & Number(v[i]! <= max)) + 0;
  } else {
    for (let i = 0; i < v.length; i++) {
      const value = v[i]!;
      out[i] = g[i]! * (Number(value > min) & Number(value <= max));
      if (value !== value) out[i] = Number.NaN;
    }
  }
};

/**
 * The gradient of max pooling for samples [from, to): each output's gradient goes to the first
 * maximum of its window (row-major). args: dy, x, dx, h, w, c, outH, outW, filterH, filterW,
 * strideH, strideW, padTop, padLeft.
 */
const maxPoolGradient: HeapLoop = (heap, args, _scratch, from, to) => {
  const [dy, x, dx, h, w, c, outH, outW, filterH, filterW, strideH, strideW, top, left] = integerArgs(args, 14) as [
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
  const [image, outImage] = [h * w * c, outH * outW * c];
  const samples = to - from;
  const [xs, out, g] = [
    view(heap, x + from * image, samples * image),
    view(heap, dx + from * image, samples * image),
    view(heap, dy + from * outImage, samples * outImage),
  ];
  out.fill(0);
  // Per output pixel: the offsets of the window's pixels inside the image, then per channel the
  // first maximum over them, kept in registers.
  const window = new Int32Array(filterH * filterW);
  for (let b = 0; b < samples; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - top;
      for (let ox = 0; ox < outW; ox++) {
        const x0 = ox * strideW - left;
        let size = 0;
        for (let y = Math.max(0, y0); y < Math.min(h, y0 + filterH); y++) {
          for (let xx = Math.max(0, x0); xx < Math.min(w, x0 + filterW); xx++)
            window[size++] = ((b * h + y) * w + xx) * c;
        }
        const gBase = ((b * outH + oy) * outW + ox) * c;
        for (let d = 0; d < c; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let k = 0; k < size; k++) {
            const v = xs[window[k]! + d]!;
            if (v > best) {
              best = v;
              at = window[k]! + d;
            }
          }
          if (at >= 0) out[at] += g[gBase + d]!;
        }
      }
    }
  }
};

export const activationLoops = {
  batchNormStatistics,
  batchNormNormalise,
  batchNormGradientSums,
  batchNormGradient,
  rangeGradient,
  maxPoolGradient,
};
