import { clampSimdOn } from "../activation/clamp-simd.js";
import { gemmSimdOn } from "../gemm/gemm-simd.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { loopMemory } from "./loop-memory.js";
import { scaleShiftClampRows } from "./simd-loops.js";

/**
 * Rows of the products of one shape (gemm-simd.ts; one, or Winograd's 16 in one job), in units of
 * four rows of one product's C, products one after the other, so that either thread can take a
 * part: args [count, K, N, M], the epilogue (`ProductEpilogue`) that follows each row block: its
 * kind (`EPILOGUE`), per-column vector's offset (-1 for none), min and max; then the count A,
 * panel and C byte offsets. Each row of C is computed whole by one part, so the split never
 * changes a value. One job for Winograd's 16 rather than 16: DenseNet121's forward pass has 928
 * products of 0.05 to 0.5 ms.
 */
const gemmRows: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [count, k, n, m] = args as unknown as [number, number, number, number];
  const blocks = Math.ceil(m / 4);
  const gemm = gemmSimdOn(loopMemory())!;
  const epilogue = args[4] === EPILOGUE.none ? null : rowEpilogue(args[4]!, args[5]!, args[6]!, args[7]!, n);
  for (let unit = from; unit < to;) {
    const product = Math.floor(unit / blocks);
    const end = Math.min(to, (product + 1) * blocks);
    const [a, p, c] = [args[8 + product]!, args[8 + count + product]!, args[8 + 2 * count + product]!];
    const [first, last] = [4 * (unit - product * blocks), Math.min(4 * (end - product * blocks), m)];
    if (epilogue === null) gemm.rows(a, p, c, k, n, first, last);
    else
      for (let row = first; row < last; row += EPILOGUE_ROWS) {
        const stop = Math.min(row + EPILOGUE_ROWS, last);
        gemm.rows(a, p, c, k, n, row, stop);
        epilogue(c, row, stop);
      }
    unit = end;
  }
};

/** Rows of C made before their epilogue runs: 256 rows of up to 1,024 floats stay in L2 (1 MB here). */
const EPILOGUE_ROWS = 256;

/** What a product does to each block of rows of C as it makes them (`ProductEpilogue`). */
export const EPILOGUE = { none: 0, biasClamp: 1, scaleShift: 2 } as const;

/**
 * The epilogue of rows [from, to) of a C of `n` columns at c: the bias at `vector` (none where
 * -1), or y a + b with a and b at `vector`, then the clamp to [min, max].
 */
function rowEpilogue(
  kind: number,
  vector: number,
  min: number,
  max: number,
  n: number,
): (c: number, from: number, to: number) => void {
  const clamp = clampSimdOn(loopMemory())!;
  return (c, from, to) => {
    const [start, rows] = [c + 4 * n * from, to - from];
    if (kind === EPILOGUE.scaleShift) scaleShiftClampRows(start, vector, start, rows, 4 * n, min, max);
    else if (vector < 0) clamp.clamp(start, start, 4 * n * rows, min, max);
    else clamp.biasClamp(start, vector, rows, 4 * n, min, max);
  };
}

export const gemmLoops = { gemmRows };
