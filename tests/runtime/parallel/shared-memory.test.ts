import { describe, expect, test } from "vitest";
import { reduceChunk, shardOf } from "../../../src/runtime/parallel/shared-memory.js";

describe("shards and the all-reduce", () => {
  test("a batch splits into contiguous shards, the first ones one sample larger", () => {
    expect([0, 1, 2].map((rank) => shardOf(11, 3, rank))).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 11 },
    ]);
    expect([0, 1, 2].map((rank) => shardOf(2, 3, rank))).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 2 },
    ]);
  });

  test("the replicas' chunks together hold every slot's values averaged by shard share, empty shards skipped", () => {
    const params = 5;
    const shares = [0.5, 0.5, 0];
    // Slots 0..2, then the mean; the empty shard's slot holds stale NaNs that must not leak.
    const grads = Float32Array.from([1, 2, 3, 4, 5, 3, 4, 5, 6, 7, NaN, NaN, NaN, NaN, NaN, 0, 0, 0, 0, 0]);
    for (let rank = 0; rank < 3; rank++) reduceChunk(grads, params, shares, rank);
    expect(Array.from(grads.subarray(15))).toEqual([2, 3, 4, 5, 6]);
  });
});
