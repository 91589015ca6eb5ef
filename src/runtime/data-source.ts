import type { ImageSize } from "../plan/types.js";

export type SplitName = "train" | "val" | "test";

/** One batch: NHWC images (normalised), labels, and the samples' positions in their split. */
export interface DataBatch {
  images: Float32Array;
  labels: Int32Array;
  indices: Int32Array;
  size: number;
}

export interface BatchRequest {
  batchSize: number;
  shuffle: boolean;
  /** Keys the shuffle and augmentation; unique per (hop, stage, epoch) of a run. */
  epoch: number;
  /** Whether to apply the hop's augmentation (train split only). */
  augment: boolean;
}

/**
 * A hop's data as the executor sees it: the data layer's loaded domain behind a small interface,
 * so that tests can train on in-memory arrays. Batches of the same request are the same on every
 * call (order, augmentation), which is what makes runs repeatable and resumable.
 */
export interface HopData {
  domain: string;
  classes: string[];
  image: ImageSize;
  files: Record<SplitName, { file: string; label: number }[]>;
  batches(split: SplitName, request: BatchRequest): AsyncIterable<DataBatch>;
  /**
   * The split positions in the order `batches` yields them for `request`, without decoding a
   * pixel: the cached-prefix path replays the same order over cached features.
   */
  order(split: SplitName, request: BatchRequest): Int32Array;
  /**
   * A digest of what the split's unaugmented batches hold (samples, labels, size, normalisation),
   * or null when unknown: cached frozen-prefix features are kept between stages and runs under it.
   */
  fingerprint?(split: SplitName): string | null;
}

/** Loads the data of hop `hop` of `runId`'s chain (cached by the caller when runs share a domain). */
export type HopDataLoader = (runId: string, hop: number) => Promise<HopData>;

export function splitSizes(data: HopData): Record<SplitName, number> {
  return { train: data.files.train.length, val: data.files.val.length, test: data.files.test.length };
}
