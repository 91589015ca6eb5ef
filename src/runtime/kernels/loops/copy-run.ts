/** Runs at least this long are one `copyWithin`; shorter ones an element loop (the call costs more). */
const NATIVE_RUN = 64;

/** `length` floats of the heap from `start` to `into` (the two never overlap). */
export function copyRun(heap: Float32Array, into: number, start: number, length: number): void {
  if (length >= NATIVE_RUN) heap.copyWithin(into, start, start + length);
  else for (let k = 0; k < length; k++) heap[into + k] = heap[start + k]!;
}
