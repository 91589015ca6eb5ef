import type { StageCamRecord } from "./cam/types.js";
import type { Metrics } from "./events.js";

/** One epoch of a stage as `metrics.json` records it. */
export interface EpochRecord {
  epoch: number;
  lr: number;
  loss: number;
  acc: number;
  val: Metrics;
}

export interface StageRecord {
  name: string;
  hash: string;
  epochs: EpochRecord[];
  done: boolean;
  stoppedEarly: boolean;
  /** The monitored metric at the kept epoch. */
  best: { metric: string; value: number; epoch: number } | null;
  kept: "best" | "last";
  cachedPrefix: boolean;
  /** LayerCAM maps kept after the stage (`thtl run --cam N`, or `cam N` in the experiment). */
  cam?: StageCamRecord;
  /** `RUN/STAGE` when this stage was not trained but read from the stage store. */
  reusedFrom?: string;
}

export interface HopRecord {
  domain: string;
  classes: string[];
  stages: StageRecord[];
  /** Test metrics after the hop's last stage (null when the hop has no test split). */
  test: Metrics | null;
}

/** `metrics.json`: everything a run measured, hop by hop and stage by stage. */
export interface RunMetrics {
  runId: string;
  status: "running" | "done" | "failed" | "interrupted";
  backend: string;
  hops: HopRecord[];
  /** The last hop's test metrics. */
  test: Metrics | null;
  error: string | null;
}
