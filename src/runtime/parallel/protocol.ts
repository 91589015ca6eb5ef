import type { BuildOptions } from "../models/build-model.js";
import type { NamedArray } from "../../weights/types.js";
import type { ReplicaBackend, StageSetup } from "./types.js";

/** What a replica thread starts with (its `workerData`). */
export interface ReplicaInit {
  rank: number;
  size: number;
  backend: ReplicaBackend;
  arch: string;
  buildOptions: BuildOptions;
  /** Barrier and abort flag (see `shared-memory.ts`). */
  control: SharedArrayBuffer;
  /** Per replica: the shard's loss sum and correct predictions (float64 pairs). */
  stats: SharedArrayBuffer;
}

/** One training step for every replica; each takes its shard of the batch in shared memory. */
export interface StepRequest {
  type: "step";
  images: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  /** The batch's shape; its first entry is the batch size. */
  shape: number[];
  lr: number;
  /** Seeds the dropout masks of this step (each replica derives its own from it). */
  dropoutSeed: number;
}

/** Class probabilities in inference mode, each replica for its shard of the batch. */
export interface PredictRequest {
  type: "predict";
  images: SharedArrayBuffer;
  shape: number[];
}

export type Request =
  | { type: "setWeights"; weights: NamedArray[] }
  | { type: "beginStage"; setup: StageSetup }
  | { type: "gradients"; buffer: SharedArrayBuffer }
  | StepRequest
  | PredictRequest
  | { type: "readWeights"; which: "all" | "moving" }
  | { type: "optimizerState" };

/** What a replica answers to the request with `id`; once started, it sends `{ id: 0, ok: true }`. */
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };
