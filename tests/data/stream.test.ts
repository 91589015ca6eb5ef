import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batches, loadDomain, type Batch, type LoadedDomain } from "../../src/data/index.js";
import { prefetch } from "../../src/data/prefetch.js";
import { hopFor, tempDir, writeImage } from "./fixtures.js";

const NORM = { mean: [0, 0, 0], std: [1, 1, 1], source: "none" as const };
const SIZE = { height: 4, width: 4, channels: 3 as const };

async function domainOf(perClass: number[]): Promise<{ dir: string; domain: LoadedDomain }> {
  const dir = tempDir();
  for (const [label, n] of perClass.entries()) {
    for (let i = 0; i < n; i++) await writeImage(join(dir, "data", `c${label}`, `${i}.png`), { size: 8, colour: [label * 100, i * 10, 7] });
  }
  const hop = hopFor({ kind: "imagefolder", path: "data" }, { split: { train: 60, val: 40, test: 0, seed: 2 } });
  const domain = await loadDomain(hop, { baseDir: dir, cacheDir: join(dir, "cache"), skipBadImages: false, image: SIZE });
  return { dir, domain };
}

async function collect(iterable: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of iterable) out.push(batch);
  return out;
}

describe("prefetch", () => {
  it("never holds more than `depth` items besides the one the consumer has", async () => {
    let started = 0;
    let consumed = 0;
    let most = 0;
    const items = prefetch(50, 3, async (i) => {
      started++;
      most = Math.max(most, started - consumed);
      await new Promise((r) => setTimeout(r, 0));
      return i;
    });
    const seen: number[] = [];
    for await (const item of items) {
      seen.push(item);
      await new Promise((r) => setTimeout(r, 1));
      consumed++;
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(most).toBe(3 + 1);
  });

  it("stops producing when the consumer stops", async () => {
    let started = 0;
    for await (const item of prefetch(1000, 2, async (i) => (started++, i))) if (item === 4) break;
    expect(started).toBeLessThanOrEqual(7);
  });
});

describe("batches", () => {
  it("covers the split once per epoch in batches of the asked size, labels matching", async () => {
    const { domain } = await domainOf([6, 4]);
    const train = domain.splits.train;
    const got = await collect(batches(domain, "train", { batchSize: 4, shuffle: true, seed: 1, epoch: 0, augment: [], normalization: NORM }));
    expect(got.map((b) => b.size)).toEqual([4, 2]);
    const indices = got.flatMap((b) => Array.from(b.indices));
    expect([...indices].sort((a, b) => a - b)).toEqual(train.map((_, i) => i));
    for (const b of got) {
      expect(b.images.length).toBe(b.size * 4 * 4 * 3);
      expect(Array.from(b.labels)).toEqual(Array.from(b.indices).map((i) => train[i].label));
    }
  });

  it("shuffles the same way for the same (seed, epoch), differently across epochs", async () => {
    const { domain } = await domainOf([12, 12]);
    const order = async (epoch: number, seed = 1) =>
      (await collect(batches(domain, "train", { batchSize: 5, shuffle: true, seed, epoch, augment: [], normalization: NORM }))).flatMap((b) => Array.from(b.indices));
    expect(await order(0)).toEqual(await order(0));
    expect(await order(1)).not.toEqual(await order(0));
    const plain = await collect(batches(domain, "val", { batchSize: 100, shuffle: false, seed: 1, epoch: 0, augment: [], normalization: NORM }));
    expect(Array.from(plain[0].indices)).toEqual(domain.splits.val.map((_, i) => i));
  });

  it("augments train only, identically for the same epoch", async () => {
    const { domain } = await domainOf([5, 5]);
    const options = { batchSize: 10, shuffle: false, seed: 3, epoch: 0, augment: [{ kind: "rotate" as const, degrees: 40 }], normalization: NORM };
    const val = await collect(batches(domain, "val", options));
    const valPlain = await collect(batches(domain, "val", { ...options, augment: [] }));
    expect(val[0].images).toEqual(valPlain[0].images);
    const train = await collect(batches(domain, "train", options));
    expect(train[0].images).not.toEqual((await collect(batches(domain, "train", { ...options, augment: [] })))[0].images);
    expect((await collect(batches(domain, "train", options)))[0].images).toEqual(train[0].images);
  });

  it("reads pixels from the cache loadDomain filled, and decodes a hand-made domain itself", async () => {
    const { dir, domain } = await domainOf([2, 2]);
    const first = domain.splits.train[0];
    const options = { batchSize: 1, shuffle: false, seed: 1, epoch: 0, augment: [], normalization: NORM };
    const decoded = (await collect(batches(domain, "train", options)))[0].images;
    const handMade: LoadedDomain = { ...domain, splits: { train: [first], val: [], test: [] } };
    expect((await collect(batches(handMade, "train", options)))[0].images).toEqual(decoded);
    // Overwrite the cached pixels: a domain from loadDomain now sees them; proof it reads the cache.
    const { readdirSync, statSync } = await import("node:fs");
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    for (const entry of walk(join(dir, "cache"))) writeFileSync(entry, new Uint8Array(48).fill(255));
    const fromCache = (await collect(batches(domain, "train", options)))[0].images;
    expect(Array.from(fromCache)).toEqual(Array(48).fill(1));
  });
});
