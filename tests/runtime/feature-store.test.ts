import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FeatureStore } from "../../src/runtime/feature-store.js";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe("FeatureStore", () => {
  it("gives back each sample's features bit for bit, in the order asked, from a file it removes when disposed", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-features-"));
    const store = FeatureStore.temporary(dir, 3);
    // Batches arrive in split order but write records wherever their positions say.
    store.write(Int32Array.from([2, 0]), Float32Array.from([2.5, -2, Math.PI, 0.1, 1e-30, -0]));
    store.write(Int32Array.from([1]), Float32Array.from([7, 8, 9]));
    const folders = readdirSync(dir);
    expect(folders).toHaveLength(1);
    expect(Array.from(store.gather(Int32Array.from([1, 2, 0, 2])))).toEqual([
      7,
      8,
      9,
      2.5,
      -2,
      Math.fround(Math.PI),
      Math.fround(0.1),
      Math.fround(1e-30),
      -0,
      2.5,
      -2,
      Math.fround(Math.PI),
    ]);
    store.dispose();
    expect(existsSync(join(dir, folders[0]!))).toBe(false);
  });

  it("says which sample is missing rather than returning zeros", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-features-"));
    const store = FeatureStore.temporary(dir, 2);
    store.write([0], Float32Array.from([1, 2]));
    expect(() => store.gather([0, 5])).toThrow(/cached features of sample 5 are missing/);
    store.dispose();
  });

  it("keeps a keyed store only once it is committed, and hands it back complete", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-features-"));
    const file = join(dir, "features", "ab", "abc.f32");
    const interrupted = FeatureStore.keyed(file, 2, 2);
    interrupted.write([0], Float32Array.from([1, 2]));
    interrupted.dispose();
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(dir, "features", "ab"))).toEqual([]);

    const first = FeatureStore.keyed(file, 2, 2);
    expect(first.complete).toBe(false);
    first.write([1, 0], Float32Array.from([3, 4, 1, 2]));
    first.commit();
    first.dispose();
    expect(readdirSync(join(dir, "features", "ab"))).toEqual(["abc.f32"]);

    const again = FeatureStore.keyed(file, 2, 2);
    expect(again.complete).toBe(true);
    expect(Array.from(again.gather([0, 1]))).toEqual([1, 2, 3, 4]);
    again.dispose();
    expect(existsSync(file)).toBe(true);
  });

  it("recomputes a keyed store whose file does not hold every record", () => {
    dir = mkdtempSync(join(tmpdir(), "thtl-features-"));
    const file = join(dir, "abc.f32");
    const small = FeatureStore.keyed(file, 2, 1);
    small.write([0], Float32Array.from([1, 2]));
    small.commit();
    small.dispose();
    const larger = FeatureStore.keyed(file, 2, 3);
    expect(larger.complete).toBe(false);
    larger.dispose();
  });
});
