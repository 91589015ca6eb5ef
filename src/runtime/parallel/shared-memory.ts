/**
 * The shared memory of a data-parallel step: a barrier the replicas meet at, and the gradient
 * buffer they all-reduce in. The gradient buffer holds one slot of `params` floats per replica
 * followed by the mean: replica `r` writes its shard's gradient into slot `r`, and after the
 * first barrier averages chunk `r` of all slots into the mean (a reduce-scatter, so each replica
 * sums 1/size of the values); after the second barrier every replica reads the whole mean. The
 * sum always runs over the slots in rank order, so every replica reads bit-identical gradients.
 */

/** Indices into the control buffer (an Int32Array). */
const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
export const CONTROL_SLOTS = 3;

/** Thrown in a replica waiting at the barrier when another replica failed. */
export class AbortedStep extends Error {
  constructor() {
    super("the step was aborted because another replica failed");
  }
}

/** Blocks until all `parties` replicas have arrived (replica threads only; the main thread never waits). */
export function barrier(control: Int32Array, parties: number): void {
  const generation = Atomics.load(control, GENERATION);
  if (Atomics.add(control, ARRIVED, 1) === parties - 1) {
    Atomics.store(control, ARRIVED, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
  } else {
    while (Atomics.load(control, GENERATION) === generation) Atomics.wait(control, GENERATION, generation);
  }
  if (Atomics.load(control, ABORTED) !== 0) throw new AbortedStep();
}

/** Releases every replica waiting at the barrier with `AbortedStep` (called by the main thread). */
export function abortBarrier(control: Int32Array): void {
  Atomics.store(control, ABORTED, 1);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
}

/** The samples `[start, end)` of a batch of `n` that replica `rank` of `size` trains on: even shards, the first ones one larger. */
export function shardOf(n: number, size: number, rank: number): { start: number; end: number } {
  const base = Math.floor(n / size);
  const extra = n % size;
  const start = rank * base + Math.min(rank, extra);
  return { start, end: start + base + (rank < extra ? 1 : 0) };
}

/**
 * Averages chunk `rank` of the slots into the mean, each slot weighted by its shard's share of
 * the batch, so that the mean of per-shard mean-loss gradients is the full batch's gradient.
 * Slots of empty shards (share 0) are skipped, stale values and all. One tight pass per slot.
 */
export function reduceChunk(grads: Float32Array, params: number, shares: readonly number[], rank: number): void {
  const size = shares.length;
  const from = Math.floor((rank * params) / size);
  const to = Math.floor(((rank + 1) * params) / size);
  const mean = grads.subarray(size * params + from, size * params + to);
  mean.fill(0);
  shares.forEach((share, slot) => {
    if (share === 0) return;
    const values = grads.subarray(slot * params + from, slot * params + to);
    for (let i = 0; i < mean.length; i++) mean[i]! += share * values[i]!;
  });
}
