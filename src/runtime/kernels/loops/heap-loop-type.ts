/**
 * One of the JavaScript loops of thtl's wasm kernels, written so that either of two threads can
 * run a part of it (`js-pool.ts`): it reads and writes the wasm heap (`heap`, a view of all of
 * it, addressed in float32 elements), takes its numbers from `args` and its per-channel vectors
 * from `scratch`, and runs the units [`from`, `to`) of its range. Units (channels, rows, samples,
 * elements) are chosen so that each output is computed whole by one part, by the same arithmetic
 * in the same order whatever the split: results are bit-identical to one call over the range.
 */
export type HeapLoop = (
  heap: Float32Array,
  args: Float64Array,
  scratch: Float64Array,
  from: number,
  to: number,
) => void;
