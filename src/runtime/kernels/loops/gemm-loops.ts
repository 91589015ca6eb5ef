import { gemmSimdOn } from "../gemm/gemm-simd.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { loopMemory } from "./loop-memory.js";

/**
 * Rows of the products of one shape (gemm-simd.ts; one, or Winograd's 16 in one job), in units of
 * four rows of one product's C, products one after the other, so that either thread can take a
 * part: args [count, K, N, M], then the count A, panel and C byte offsets. Each row of C is
 * computed whole by one part, so the split never changes a value. One job for Winograd's 16
 * rather than 16: DenseNet121's forward pass has 928 products of 0.05 to 0.5 ms.
 */
const gemmRows: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [count, k, n, m] = args as unknown as [number, number, number, number];
  const blocks = Math.ceil(m / 4);
  const gemm = gemmSimdOn(loopMemory())!;
  for (let unit = from; unit < to;) {
    const product = Math.floor(unit / blocks);
    const end = Math.min(to, (product + 1) * blocks);
    const [a, p, c] = [args[4 + product]!, args[4 + count + product]!, args[4 + 2 * count + product]!];
    gemm.rows(a, p, c, k, n, 4 * (unit - product * blocks), Math.min(4 * (end - product * blocks), m));
    unit = end;
  }
};

export const gemmLoops = { gemmRows };
