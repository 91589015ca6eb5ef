import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import { spawnModule } from "../../parallel/spawn.js";
import { heapLoopNames, heapLoops, type HeapLoopName } from "./heap-loops.js";
import {
  claimPart,
  CONTROL_SLOTS,
  openJob,
  partRange,
  Slot,
  type HelperData,
  type WasmMemory,
} from "./js-pool-protocol.js";

// A second thread for the JavaScript loops of thtl's wasm kernels (heap-loops.ts), which would
// otherwise leave the other core idle between XNNPACK's operations. With tfjs's threaded build
// the wasm heap is a shared memory, so a helper thread that holds it can run parts of a loop
// while the main thread runs the others. Jobs go through a small shared control block (Atomics),
// not messages: a hand-off costs 10 to 20 us. Both threads claim parts in turn, so a helper
// without a core to run on costs one part's wait, not half the loop. The helper sleeps between
// jobs rather than spinning: XNNPACK's pool threads spin after each operation, and a spinning
// helper took the core from them (steps 30 to 400 ms slower). Without the helper
// (single-threaded build, replica threads) loops run whole on the caller.

interface Helper {
  worker: Worker;
  control: Int32Array;
  args: Float64Array;
  scratch: Float64Array;
  jobs: number;
}

const MAX_ARGS = 64;
/**
 * A part touches at least this many elements (loops over fewer than two run whole: the hand-off
 * would cost more than it saves), and a loop has at most `MAX_PARTS` parts.
 */
const PART_ELEMENTS = 1 << 14;
const MAX_PARTS = 8;
/** Job numbers cycle through 1 to 2^15 - 1 (they share a 32-bit word with the part counter). */
const JOB_NUMBERS = 2 ** 15 - 1;
/** A part that has not finished by then means a helper gone wrong, not a slow loop. */
const WAIT_MS = 60_000;

let helper: Helper | undefined;
let localArgs = new Float64Array(MAX_ARGS);
let localScratch = new Float64Array(1024);
let splits = 0;

/** Starts the helper on `memory` if it is shared (once; resolves when the helper is ready). */
export async function startHelper(memory: WasmMemory): Promise<void> {
  if (helper !== undefined || !(memory.buffer instanceof SharedArrayBuffer)) return;
  const shared = (bytes: number) => new SharedArrayBuffer(bytes);
  const data: HelperData = {
    memory,
    control: new Int32Array(shared(CONTROL_SLOTS * 4)),
    args: new Float64Array(shared(MAX_ARGS * 8)),
    scratch: new Float64Array(shared(localScratch.length * 8)),
  };
  const worker = spawnModule(import.meta.url, "js-pool-worker", { workerData: data });
  // The helper must not keep the process alive once the program is done.
  worker.unref();
  await once(worker, "message");
  helper = { worker, control: data.control, args: data.args, scratch: data.scratch, jobs: 0 };
}

/** Stops the helper: loops run whole on the calling thread again. */
export async function stopHelper(): Promise<void> {
  const stopping = helper;
  helper = undefined;
  // Ends its wait at once, and keeps the process alive until it has (unlike waiting for "exit").
  await stopping?.worker.terminate();
}

/** How many loops were cut into parts so far, and how many parts the helper ran (for tests). */
export function splitStats(): { loops: number; helperParts: number } {
  return { loops: splits, helperParts: helper === undefined ? 0 : Atomics.load(helper.control, Slot.helped) };
}

/**
 * The array that loops read as `scratch`, at least `length` long: the kernel fills it before
 * `runHeapLoop` and reads it after. Shared with the helper when one runs.
 */
export function heapScratch(length: number): Float64Array {
  const current = helper?.scratch ?? localScratch;
  if (current.length >= length) return current;
  const size = 2 ** Math.ceil(Math.log2(length));
  if (helper === undefined) return (localScratch = new Float64Array(size));
  helper.scratch = new Float64Array(new SharedArrayBuffer(size * 8));
  // Posted before the job that needs it; the helper takes it when it sees the count go up.
  helper.worker.postMessage(helper.scratch);
  Atomics.add(helper.control, Slot.scratch, 1);
  return helper.scratch;
}

/**
 * Runs `name` over units [0, `count`) of the heap in `buffer` (the buffer of the kernel's views,
 * taken after its outputs were made) with `args`. `elements`, the elements the loop touches,
 * decides into how many parts it is cut; the main thread and the helper claim parts in turn.
 */
export function runHeapLoop(
  name: HeapLoopName,
  buffer: ArrayBufferLike,
  args: readonly number[],
  count: number,
  elements: number,
): void {
  const heap = new Float32Array(buffer);
  const loop = heapLoops[name];
  const chunks = Math.min(count, MAX_PARTS, Math.floor(elements / PART_ELEMENTS));
  if (helper === undefined || chunks < 2 || args.length > MAX_ARGS) {
    if (args.length > localArgs.length) localArgs = new Float64Array(args.length);
    localArgs.set(args);
    loop(heap, localArgs, helper?.scratch ?? localScratch, 0, count);
    return;
  }
  const { control, scratch } = helper;
  helper.args.set(args);
  Atomics.store(control, Slot.done, 0);
  [control[Slot.loop], control[Slot.count], control[Slot.chunks]] = [heapLoopNames.indexOf(name), count, chunks];
  const job = (helper.jobs = (helper.jobs % JOB_NUMBERS) + 1);
  Atomics.store(control, Slot.claim, openJob(job));
  Atomics.notify(control, Slot.claim);
  splits++;
  let finished = 0;
  try {
    for (let part = claimPart(control, job, chunks); part >= 0; part = claimPart(control, job, chunks)) {
      try {
        loop(heap, helper.args, scratch, ...partRange(part, chunks, count));
      } finally {
        finished = Atomics.add(control, Slot.done, 1) + 1;
      }
    }
  } finally {
    // After an error here, the parts nobody claimed are dropped; the helper's must be over
    // before anything else touches the heap.
    while (claimPart(control, job, chunks) >= 0) finished = Atomics.add(control, Slot.done, 1) + 1;
    while (finished < chunks) {
      // A helper still writing the heap outranks the error that brought us here.
      if (Atomics.wait(control, Slot.done, finished, WAIT_MS) === "timed-out") {
        // eslint-disable-next-line no-unsafe-finally
        throw new Error(`the JS helper thread did not finish ${name}`);
      }
      finished = Atomics.load(control, Slot.done);
    }
  }
  if (Atomics.exchange(control, Slot.failed, 0) !== 0) throw new Error(`${name} failed on the JS helper thread`);
}
