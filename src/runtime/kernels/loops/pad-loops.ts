import { copyRun } from "./copy-run.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { integerArgs } from "./js-pool-protocol.js";

/**
 * Output rows [from, to) of a constant padding: a row (every axis but the last) inside the input
 * is the input's row between the last axis's padding, any other row is the constant. args: x,
 * out, rank, the output's shape, the input's shape, the paddings before each axis (rank each),
 * then the constant (read as it is, not as an integer).
 */
const padRows: HeapLoop = (heap, args, _scratch, from, to) => {
  const rank = args[2]! | 0;
  const [x, out] = integerArgs(args, 2) as [number, number];
  const numbers = integerArgs(args, 3 + 3 * rank);
  const [outShape, inShape, before] = [0, 1, 2].map((k) => numbers.slice(3 + k * rank, 3 + (k + 1) * rank));
  const value = args[3 + 3 * rank]!;
  const [width, inWidth, left] = [outShape[rank - 1]!, inShape[rank - 1]!, before[rank - 1]!];
  // Rows of the output per step along each axis but the last.
  const strides = outShape
    .slice(0, rank - 1)
    .map((_, axis) => outShape.slice(axis + 1, rank - 1).reduce((a, b) => a * b, 1));
  for (let row = from; row < to; row++) {
    const at = out + row * width;
    // The input's row, or -1 where the row lies in the padding.
    let source = 0;
    for (let axis = 0, rest = row; axis < rank - 1; axis++) {
      const stride = strides[axis]!;
      const coordinate = Math.floor(rest / stride) - before[axis]!;
      rest -= (coordinate + before[axis]!) * stride;
      if (coordinate < 0 || coordinate >= inShape[axis]!) {
        source = -1;
        break;
      }
      source = source * inShape[axis]! + coordinate;
    }
    if (source < 0) {
      heap.fill(value, at, at + width);
      continue;
    }
    const start = x + source * inWidth;
    heap.fill(value, at, at + left);
    copyRun(heap, at + left, start, inWidth);
    heap.fill(value, at + left + inWidth, at + width);
  }
};

export const padLoops = { padRows };
