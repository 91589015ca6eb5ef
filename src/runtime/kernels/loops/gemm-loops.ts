import { gemmSimdOn } from "../gemm/gemm-simd.js";
import type { HeapLoop } from "./heap-loop-type.js";
import { loopMemory } from "./loop-memory.js";

/**
 * Rows of a matrix product (gemm-simd.ts) in units of four rows of C, so that either thread can
 * take a part: args [a, p, c, K, N, M], the first three byte offsets on the heap (A, B's panels,
 * C). Each row of C is computed whole by one part, so the split never changes a value.
 */
const gemmRows: HeapLoop = (_heap, args, _scratch, from, to) => {
  const [a, p, c, k, n, m] = args as unknown as [number, number, number, number, number, number];
  gemmSimdOn(loopMemory())!.rows(a, p, c, k, n, 4 * from, Math.min(4 * to, m));
};

export const gemmLoops = { gemmRows };
