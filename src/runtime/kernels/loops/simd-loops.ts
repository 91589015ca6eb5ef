import { clampSimdOn } from "../activation/clamp-simd.js";
import { batchNormSimdOn } from "../batch-norm/batch-norm-simd.js";
import { elementwiseSimdOn } from "../elementwise/elementwise-simd.js";
import { BLOCK } from "./activation-loops.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { loopMemory } from "./loop-memory.js";

// Heap loops that run thtl's SIMD modules (clamp-simd.ts, elementwise-simd.ts,
// batch-norm-simd.ts) over a part of their range, so that both threads share them. Pointers in
// `args` are byte offsets.

/** A loop's first args, read as they are (byte offsets above 2^31 stay right). */
type Four = [number, number, number, number];
type Five = [...Four, number];
type Six = [...Five, number];

/** Elements per unit of the loops over blocks of elements (16 KB). */
const ELEMENT_BLOCK = 4096;

/** How many units a loop over blocks of `length` elements has. */
export function elementBlocks(length: number): number {
  return Math.ceil(length / ELEMENT_BLOCK);
}

/** Blocks [from, to) of `length` elements: the byte offset of their first element, and their bytes. */
function blockBytes(from: number, to: number, length: number): [number, number] {
  const start = from * ELEMENT_BLOCK;
  return [4 * start, 4 * (Math.min(length, to * ELEMENT_BLOCK) - start)];
}

/** y = min(max(x, min), max) over blocks [from, to). args: x, y, length (a multiple of 4), min, max. */
const clampBlocks: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, y, length, min, max] = args as unknown as Five;
  const [skip, bytes] = blockBytes(from, to, length);
  clampSimdOn(loopMemory())!.clamp(x + skip, y + skip, bytes, min, max);
};

/** y = a + b (`add`) or a b (`mul`) over blocks [from, to). args: a, b, y, length (a multiple of 4). */
function binaryBlocks(op: "add" | "mul"): HeapLoop {
  return (_heap, args, _scratch, from, to) => {
    const [a, b, y, length] = args as unknown as Four;
    const [skip, bytes] = blockBytes(from, to, length);
    elementwiseSimdOn(loopMemory())![op](a + skip, b + skip, y + skip, bytes);
  };
}

/** y = x factor over blocks [from, to). args: x, y, length (a multiple of 4), factor. */
const scaleBlocks: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, y, length, factor] = args as unknown as Four;
  const [skip, bytes] = blockBytes(from, to, length);
  elementwiseSimdOn(loopMemory())!.scale(x + skip, y + skip, bytes, factor);
};

/**
 * y = x s over rows [from, to) of images of `pixels` rows, `s` one row of `channels` per image.
 * args: x, s, y, pixels, channels.
 */
const scaleRowsSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, s, y, pixels, channels] = args as unknown as Five;
  const module = elementwiseSimdOn(loopMemory())!;
  for (let row = from; row < to;) {
    const image = Math.floor(row / pixels);
    const end = Math.min(to, (image + 1) * pixels);
    const skip = 4 * channels * row;
    module.scaleRows(x + skip, s + 4 * channels * image, y + skip, end - row, 4 * channels);
    row = end;
  }
};

/**
 * y = x s + t over rows [from, to), `st` the columns' s then their t, then clamped to [min, max].
 * args: x, st, y, channels, min, max.
 */
const scaleShiftRowsSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, st, y, channels, min, max] = args as unknown as Six;
  const rowBytes = 4 * channels;
  scaleShiftClampRows(x + rowBytes * from, st, y + rowBytes * from, to - from, rowBytes, min, max);
};

/**
 * y = x s + t over `rows` rows of `rowBytes` at x and y, then the clamp to [min, max] 64 rows at
 * a time while they are in cache, where the bounds are finite (a batch norm and its ReLU).
 */
export function scaleShiftClampRows(
  x: number,
  st: number,
  y: number,
  rows: number,
  rowBytes: number,
  min: number,
  max: number,
): void {
  const elementwise = elementwiseSimdOn(loopMemory())!;
  if (min === -Infinity && max === Infinity) return elementwise.scaleShiftRows(x, st, y, rows, rowBytes);
  const clamp = clampSimdOn(loopMemory())!;
  for (let row = 0; row < rows; row += 64) {
    const [count, skip] = [Math.min(64, rows - row), rowBytes * row];
    elementwise.scaleShiftRows(x + skip, st, y + skip, count, rowBytes);
    clamp.clamp(y + skip, y + skip, count * rowBytes, min, max);
  }
}

/** The mean of each image's `pixels` rows, images [from, to). args: x, y, pixels, channels. */
const columnMeanImages: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, y, pixels, channels] = args as unknown as Four;
  const module = elementwiseSimdOn(loopMemory())!;
  for (let image = from; image < to; image++)
    module.columnMean(x + 4 * channels * pixels * image, y + 4 * channels * image, pixels, 4 * channels, 1 / pixels);
};

/** y = min(max(y + bias, min), max) over rows [from, to), in place. args: y, bias, channels, min, max. */
const biasClampRows: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [y, bias, channels, min, max] = args as unknown as Five;
  clampSimdOn(loopMemory())!.biasClamp(y + 4 * channels * from, bias, to - from, 4 * channels, min, max);
};

/** `statistics` over row blocks [from, to). args: x, shift, totals, rows, channels. */
const batchNormStatisticsSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, shift, totals, rows, channels] = args as unknown as Five;
  const [r0, r1] = [from * BLOCK, Math.min(rows, to * BLOCK)];
  const module = batchNormSimdOn(loopMemory())!;
  module.statistics(x + 4 * channels * r0, shift, totals + 16 * channels * from, r1 - r0, channels, BLOCK);
};

/** `gradientSums` over row blocks [from, to). args: dy, x, mean, totals, rows, channels. */
const batchNormGradientSumsSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [dy, x, mean, totals, rows, channels] = args as unknown as Six;
  const [r0, r1] = [from * BLOCK, Math.min(rows, to * BLOCK)];
  const skip = 4 * channels * r0;
  const module = batchNormSimdOn(loopMemory())!;
  module.gradientSums(dy + skip, x + skip, mean, totals + 16 * channels * from, r1 - r0, channels, BLOCK);
};

/** `normalise` over rows [from, to). args: x, y, coefficients, channels. */
const batchNormNormaliseSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [x, y, coefficients, channels] = args as unknown as Four;
  const skip = 4 * channels * from;
  batchNormSimdOn(loopMemory())!.normalise(x + skip, y + skip, coefficients, to - from, channels);
};

/** `gradient` over rows [from, to). args: dy, x, mean, coefficients, dx, channels. */
const batchNormGradientSimd: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [dy, x, mean, coefficients, dx, channels] = args as unknown as Six;
  const skip = 4 * channels * from;
  const module = batchNormSimdOn(loopMemory())!;
  module.gradient(dy + skip, x + skip, mean, coefficients, dx + skip, to - from, channels);
};

export const simdLoops = {
  clampBlocks,
  biasClampRows,
  addBlocks: binaryBlocks("add"),
  mulBlocks: binaryBlocks("mul"),
  scaleBlocks,
  scaleRowsSimd,
  scaleShiftRowsSimd,
  columnMeanImages,
  batchNormStatisticsSimd,
  batchNormGradientSumsSimd,
  batchNormNormaliseSimd,
  batchNormGradientSimd,
};
