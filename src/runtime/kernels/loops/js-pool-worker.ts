import { parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { heapLoopNames, heapLoops } from "./heap-loops.js";
import { claimedJob, claimPart, partRange, Slot, type HelperData } from "./js-pool-protocol.js";
import { setLoopMemory } from "./loop-memory.js";

// The helper thread of js-pool.ts: it blocks until a job is posted, claims and runs parts of it
// on the shared wasm heap until none is left, and waits for the next; it never returns to its
// event loop (the main thread terminates it).
const { memory, control, args } = workerData as HelperData;
let { scratch } = workerData as HelperData;
let scratchVersion = 0;
// The memory can grow between jobs; a grown memory has a new, longer buffer.
let heap = new Float32Array(memory.buffer);
setLoopMemory(memory);
let seen = 0;
parentPort!.postMessage("ready");
for (;;) {
  Atomics.wait(control, Slot.claim, seen);
  const job = Atomics.load(control, Slot.claim) >>> 16;
  const [loop, count, chunks] = [
    heapLoops[heapLoopNames[control[Slot.loop]!]!],
    control[Slot.count]!,
    control[Slot.chunks]!,
  ];
  while (scratchVersion < Atomics.load(control, Slot.scratch)) {
    scratch = receiveMessageOnPort(parentPort!)!.message as Float64Array;
    scratchVersion++;
  }
  if (heap.length * 4 !== memory.buffer.byteLength) heap = new Float32Array(memory.buffer);
  for (let part = claimPart(control, job, chunks); part >= 0; part = claimPart(control, job, chunks)) {
    try {
      loop(heap, args, scratch, ...partRange(part, chunks, count));
    } catch {
      Atomics.store(control, Slot.failed, 1);
    }
    Atomics.add(control, Slot.helped, 1);
    Atomics.add(control, Slot.done, 1);
    Atomics.notify(control, Slot.done);
  }
  seen = claimedJob(job, chunks);
}
