import type { ImageSize, PlanHop } from "../plan/types.js";

/**
 * The data layer's types, which the runtime and `thtl data` code against (through `index.ts`).
 * Batches are plain Float32Arrays the runtime turns into tensors.
 */

/** One image of a split. `file` is an absolute path; `label` indexes `LoadedDomain.classes`. */
export interface Sample {
  file: string;
  label: number;
}

/** A file that cannot be used, with a `THTL3xxx` code and a message that says what to do. */
export interface DataProblem {
  file: string;
  message: string;
  code: string;
}

export interface LoadedDomain {
  domain: string;
  classes: string[];
  splits: { train: Sample[]; val: Sample[]; test: Sample[] };
  image: ImageSize;
  /** Errors that stop a run unless `skipBadImages`. */
  problems: DataProblem[];
  /** Files left out because `skipBadImages` was given; the runtime records them. */
  skipped: DataProblem[];
}

export interface LoadOptions {
  /** The folder the plan's data paths are relative to (the compiled file's folder). */
  baseDir: string;
  /** Decoded, resized images and generated synthetic domains are kept here between runs. */
  cacheDir: string;
  skipBadImages: boolean;
  /** The size images are resized to: the run's `input` (the plan keeps it on the run, not the hop). */
  image: ImageSize;
  /** Called as synthetic images are generated and as files are checked (decoded into the cache). */
  progress?: (event: LoadProgress) => void;
}

export interface LoadProgress {
  phase: "generate" | "decode";
  done: number;
  total: number;
}

export interface Batch {
  /** NHWC, normalised per `normalization`. */
  images: Float32Array;
  labels: Int32Array;
  /** Positions in the split. */
  indices: Int32Array;
  size: number;
}

export interface BatchOptions {
  batchSize: number;
  shuffle: boolean;
  seed: number;
  epoch: number;
  /** Applied to the train split only; ignored for val and test. */
  augment: PlanHop["augment"];
  normalization: PlanHop["normalization"];
  /** Batches decoded ahead of the consumer (default 2). */
  prefetch?: number;
}
