/**
 * The control block that the main thread and the helper thread of `js-pool.ts` share: Int32
 * slots, written with Atomics. A job is a loop over units [0, count), cut into `chunks` parts
 * that either thread claims in turn, so that a helper thread left without a core (other
 * processes) delays the main thread by one part at most instead of half the loop.
 */
export const Slot = {
  /** The job's number (15 bits) above the next unclaimed part (16 bits). */
  claim: 0,
  /** How many parts of the job are finished. */
  done: 1,
  /** The job: which loop (its index in `heapLoopNames`), over how many units, in how many parts. */
  loop: 2,
  count: 3,
  chunks: 4,
  /** How many times the scratch array was replaced by a larger one (posted to the helper). */
  scratch: 5,
  /** 1 when a part the helper ran threw. */
  failed: 6,
  /** How many parts the helper ran in all. */
  helped: 7,
} as const;

export const CONTROL_SLOTS = 8;

const PART_BITS = 16;

/** The claim word that opens job `job` (1 to 2^15 - 1): no part claimed yet. */
export function openJob(job: number): number {
  return job << PART_BITS;
}

/** The claim word once every part of `job` is claimed. */
export function claimedJob(job: number, chunks: number): number {
  return (job << PART_BITS) | chunks;
}

/** Claims the next part of job `job` for the calling thread: its number, or -1 if none is left (or the job is over). */
export function claimPart(control: Int32Array, job: number, chunks: number): number {
  for (;;) {
    const word = Atomics.load(control, Slot.claim);
    const part = word & ((1 << PART_BITS) - 1);
    if (word >>> PART_BITS !== job || part >= chunks) return -1;
    if (Atomics.compareExchange(control, Slot.claim, word, word + 1) === word) return part;
  }
}

/** Units [from, to) of part `part` of `chunks` over [0, count). */
export function partRange(part: number, chunks: number, count: number): [number, number] {
  return [Math.floor((part * count) / chunks), Math.floor(((part + 1) * count) / chunks)];
}

/** The part of `WebAssembly.Memory` used here (Node's types leave WebAssembly out). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}

/** What the helper thread starts with. */
export interface HelperData {
  memory: WasmMemory;
  control: Int32Array;
  args: Float64Array;
  scratch: Float64Array;
}

/**
 * The first `count` of a loop's `args` as int32 numbers: loops index the heap with sums of these,
 * which V8 keeps in integer registers only when they start as integers (indices computed in
 * float64 made the loops 1.8x slower).
 */
export function integerArgs(args: Float64Array, count: number): number[] {
  return Array.from(args.subarray(0, count), (value) => value | 0);
}
