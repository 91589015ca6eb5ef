import { describe, expect, it } from "vitest";
import { augmentInto } from "../../src/data/augment.js";
import { Random } from "../../src/data/random.js";
import type { PlanAugment, PlanNormalization } from "../../src/plan/types.js";

const NONE: PlanNormalization = { mean: [0, 0, 0], std: [1, 1, 1], source: "none" };

/** A 4x4 RGB image whose red channel counts 0..15 in reading order. */
const image = Uint8Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? (i / 3) * 17 : 100));

function run(augment: PlanAugment[], rng: Random | null, normalization = NONE): Float32Array {
  const out = new Float32Array(48);
  augmentInto(image, 4, 4, 3, augment, rng, normalization, out, 0);
  return out;
}
const red = (out: Float32Array) => Array.from({ length: 16 }, (_, i) => Math.round(out[i * 3] * 255));

describe("augmentInto", () => {
  it("scales to [0, 1] and normalises per channel", () => {
    const normalization: PlanNormalization = { mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2], source: "imagenet" };
    const out = run([], null, normalization);
    expect(out[0]).toBeCloseTo((0 - 0.5) / 0.5, 6);
    expect(out[1]).toBeCloseTo((100 / 255 - 0.25) / 0.25, 6);
    expect(out[2]).toBeCloseTo(100 / 255 / 2, 6);
    expect(out[45]).toBeCloseTo((1 - 0.5) / 0.5, 6);
  });

  it("feeds BGR where the framework does (Keras's caffe mode: mean subtracted in 0-255 units, channels reversed)", () => {
    const caffe: PlanNormalization = { mean: [123.68 / 255, 116.779 / 255, 103.939 / 255], std: [1 / 255, 1 / 255, 1 / 255], source: "caffe", order: "bgr" };
    const out = run([], null, caffe);
    // The last pixel: red 255, green and blue 100.
    expect(out[45]).toBeCloseTo(100 - 103.939, 3);
    expect(out[46]).toBeCloseTo(100 - 116.779, 3);
    expect(out[47]).toBeCloseTo(255 - 123.68, 3);
  });

  it("flips horizontally or not, the same way for the same (seed, epoch, index)", () => {
    const identity = red(run([], null));
    const mirrored = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12].map((v) => v * 17);
    const seen = new Set<string>();
    for (let index = 0; index < 16; index++) {
      const out = red(run([{ kind: "hflip" }], new Random(3, 1, index)));
      expect([identity, mirrored]).toContainEqual(out);
      expect(red(run([{ kind: "hflip" }], new Random(3, 1, index)))).toEqual(out);
      seen.add(out.join());
    }
    expect(seen.size).toBe(2);
  });

  it("flips vertically", () => {
    const flipped = [12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3].map((v) => v * 17);
    const outs = Array.from({ length: 16 }, (_, index) => red(run([{ kind: "vflip" }], new Random(5, 0, index))));
    expect(outs).toContainEqual(flipped);
  });

  it("is deterministic per (seed, epoch, index) and varies across epochs", () => {
    const ops: PlanAugment[] = [{ kind: "rotate", degrees: 30 }, { kind: "crop", fraction: 0.75 }, { kind: "jitter", amount: 0.3 }];
    const a = run(ops, new Random(9, 2, 5));
    expect(run(ops, new Random(9, 2, 5))).toEqual(a);
    expect(run(ops, new Random(9, 3, 5))).not.toEqual(a);
    for (const v of a) expect(v >= 0 && v <= 1).toBe(true);
  });

  it("leaves a uniform image uniform under rotation and crop (corners are reflected, never black)", () => {
    const flat = new Uint8Array(48).fill(90);
    const out = new Float32Array(48);
    augmentInto(flat, 4, 4, 3, [{ kind: "rotate", degrees: 45 }, { kind: "crop", fraction: 0.5 }], new Random(1, 1, 1), NONE, out, 0);
    for (const v of out) expect(v).toBeCloseTo(90 / 255, 5);
  });

  it("changes nothing with jitter 0, and writes at the given offset", () => {
    const out = new Float32Array(96).fill(-7);
    augmentInto(image, 4, 4, 3, [{ kind: "jitter", amount: 0 }], new Random(1, 1, 1), NONE, out, 48);
    expect(Array.from(out.subarray(0, 48))).toEqual(Array(48).fill(-7));
    expect(Array.from(out.subarray(48))).toEqual(Array.from(run([], null)));
  });
});
