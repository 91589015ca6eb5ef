import { copyRun } from "./copy-run.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { integerArgs } from "./js-pool-protocol.js";

/**
 * Rows [from, to) of a concatenation along an inner axis: each row of the output is the inputs'
 * rows one after the other. args: out, its row length, the input count, then each input's offset
 * and row length (float32 elements).
 */
const concatRows: HeapLoop = (heap, args, _scratch, from, to) => {
  const [out, width, count] = integerArgs(args, 3) as [number, number, number];
  const inputs = integerArgs(args, 3 + 2 * count).slice(3);
  for (let row = from; row < to; row++) {
    let at = out + row * width;
    for (let i = 0; i < count; i++) {
      const [offset, length] = [inputs[2 * i]!, inputs[2 * i + 1]!];
      const start = offset + row * length;
      copyRun(heap, at, start, length);
      at += length;
    }
  }
};

export const concatLoops = { concatRows };
