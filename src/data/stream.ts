import { readFile } from "node:fs/promises";
import { augmentInto } from "./augment.js";
import { readCachedInto } from "./cache.js";
import type { Batch, BatchOptions, LoadedDomain, Sample } from "./types.js";
import { decodeImage } from "./decode.js";
import { cacheEntryOf } from "./entries.js";
import { prefetch } from "./prefetch.js";
import { Random } from "./random.js";

/** Batches decoded ahead of the consumer unless `prefetch` says otherwise. */
const DEFAULT_PREFETCH = 2;

/**
 * Streams a split in batches (the last one may be smaller). Pixels come from the on-disk cache
 * `loadDomain` filled, so memory holds only the batches in flight. The order is shuffled per epoch
 * from (seed, epoch) when `shuffle`; augmentation applies to the train split only, seeded per
 * (seed, epoch, index in the split).
 */
/** The order in which `batches` visits a split's positions: shuffled by (seed, epoch) when `shuffle`. */
export function sampleOrder(count: number, options: Pick<BatchOptions, "shuffle" | "seed" | "epoch">): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  if (options.shuffle) new Random(options.seed, options.epoch).shuffle(order);
  return order;
}

export function batches(domain: LoadedDomain, split: "train" | "val" | "test", options: BatchOptions): AsyncIterable<Batch> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new Error(`batch size must be a whole number of at least 1, got ${options.batchSize}`);
  const samples = domain.splits[split];
  const order = sampleOrder(samples.length, options);
  const augment = split === "train" ? options.augment : [];
  const count = Math.ceil(samples.length / options.batchSize);
  return prefetch(count, options.prefetch ?? DEFAULT_PREFETCH, (b) =>
    makeBatch(domain, samples, order.slice(b * options.batchSize, (b + 1) * options.batchSize), augment, options),
  );
}

async function makeBatch(
  domain: LoadedDomain, samples: readonly Sample[], positions: number[], augment: BatchOptions["augment"], options: BatchOptions,
): Promise<Batch> {
  const { height, width, channels } = domain.image;
  const perImage = height * width * channels;
  const batch: Batch = {
    images: new Float32Array(positions.length * perImage),
    labels: new Int32Array(positions.length),
    indices: Int32Array.from(positions),
    size: positions.length,
  };
  // One buffer for the batch's pixels: each image is read straight into its slice.
  const pixels = new Uint8Array(positions.length * perImage);
  await Promise.all(
    positions.map(async (position, i) => {
      const sample = samples[position];
      const own = pixels.subarray(i * perImage, (i + 1) * perImage);
      await readPixels(domain, sample, own);
      const rng = augment.length > 0 ? new Random(options.seed, options.epoch, position) : null;
      augmentInto(own, height, width, channels, augment, rng, options.normalization, batch.images, i * perImage);
      batch.labels[i] = sample.label;
    }),
  );
  return batch;
}

async function readPixels(domain: LoadedDomain, sample: Sample, target: Uint8Array): Promise<void> {
  const entry = cacheEntryOf(domain, sample.file);
  if (entry) return readCachedInto(entry, target);
  target.set(await decodeImage(await readFile(sample.file), domain.image));
}
