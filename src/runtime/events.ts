/**
 * The runtime's event stream: what `thtl run --json` prints as JSON lines, what the terminal UI
 * and the plain line logger render, and what `events.jsonl` in each run folder records.
 * Every event has a `type` and a `time` (milliseconds since the Unix epoch).
 */

export interface BackendInfo {
  /** The tfjs backend that runs: `tensorflow` (tfjs-node or tfjs-node-gpu), `wasm` or `cpu`. */
  name: "tensorflow" | "wasm" | "cpu";
  /** The package that provided it: `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, ... */
  package: string;
  /** True only when a GPU device is really in use. */
  gpu: boolean;
  /** Worker threads training in parallel (1 when single-threaded). */
  threads: number;
  /** Why faster backends were not used, one line each ("@tensorflow/tfjs-node: not installed"). */
  notes: string[];
}

/** Metrics of one evaluation (validation after an epoch, or test after a hop). */
export interface Metrics {
  loss: number;
  acc: number;
  macroF1: number;
  perClass: { class: string; precision: number; recall: number; f1: number; support: number }[];
  /** The `positive` class's figures, when the domain names one. */
  positive: { class: string; precision: number; recall: number } | null;
  /** ROC AUC, for two classes only. */
  auc: number | null;
  /** `confusion[actual][predicted]`, in class order. */
  confusion: number[][];
}

/** Where an event happens: which run, hop and stage. */
export interface StageRef {
  runId: string;
  hop: number;
  stage: number;
}

export interface StageOutline {
  name: string;
  trainable: string[];
  trainableParams: number;
  totalParams: number;
  epochs: number;
  lr: number;
  batch: number;
}

export type RunEvent =
  | {
      type: "plan:start";
      time: number;
      plan: string;
      backend: BackendInfo;
      runs: { id: string; chain: string[] }[];
      outDir: string;
    }
  | { type: "run:start"; time: number; runId: string; index: number; total: number; chain: string[]; outDir: string }
  | {
      type: "hop:start";
      time: number;
      runId: string;
      hop: number;
      domain: string;
      classes: string[];
      head: "new" | "kept";
      sizes: { train: number; val: number; test: number };
      stages: StageOutline[];
    }
  | ({
      type: "stage:start";
      time: number;
      name: string;
      batchesPerEpoch: number;
      /** True when the frozen prefix is computed once and cached for this stage. */
      cachedPrefix: boolean;
      /** True when those features were read from an earlier stage or run with the same prefix weights and data. */
      reusedPrefix: boolean;
      /** Set when the stage continues a resumed run from this epoch (1-based). */
      resumedAtEpoch: number | null;
    } & StageRef &
      StageOutline)
  | ({ type: "epoch:start"; time: number; epoch: number; epochs: number } & StageRef)
  | ({
      type: "batch:end";
      time: number;
      epoch: number;
      batch: number;
      batches: number;
      /** Running means over the epoch so far. */
      loss: number;
      acc: number;
      /** Throughput over the epoch so far, the first batch excluded. */
      imagesPerSec: number;
    } & StageRef)
  | ({
      type: "epoch:end";
      time: number;
      epoch: number;
      epochs: number;
      loss: number;
      acc: number;
      val: Metrics;
      durationMs: number;
      /** Whether this epoch is the best so far on the stage's monitored metric. */
      best: boolean;
    } & StageRef)
  | ({
      type: "stage:end";
      time: number;
      epochsRun: number;
      stoppedEarly: boolean;
      /** The monitored metric (`val_loss` unless `early_stop` names another) at the kept epoch. */
      best: { metric: string; value: number; epoch: number };
      kept: "best" | "last";
      /** From the stage's set-up (a cached prefix computed or read included) to its end. */
      durationMs: number;
    } & StageRef)
  | ({
      type: "cam:saved";
      time: number;
      /** The folder of the stage's LayerCAM maps (`RUN/cam/HOP/STAGE`). */
      dir: string;
      images: number;
      /** The groups mapped, then `fused` when there are several. */
      labels: string[];
    } & StageRef)
  | ({
      type: "stage:reused";
      time: number;
      name: string;
      /** `RUN/STAGE`: the run and stage that trained it, whose result the store holds. */
      from: string;
      /** The store key (see `stageKey`). */
      key: string;
      epochsRun: number;
      best: { metric: string; value: number; epoch: number } | null;
    } & StageRef)
  | { type: "hop:end"; time: number; runId: string; hop: number; domain: string; test: Metrics | null }
  | {
      type: "run:end";
      time: number;
      runId: string;
      status: "done" | "failed" | "interrupted" | "reused";
      test: Metrics | null;
      outDir: string;
      error: string | null;
    }
  | {
      type: "weights:loaded";
      time: number;
      runId: string;
      /** The weights domain, and the folder or file its weights came from. */
      domain: string;
      path: string;
      /** Layer names: loaded; in the model but not in the file; in the file but not the model; left out (the classifier when classes differ). */
      loaded: string[];
      missing: string[];
      unexpected: string[];
      skipped: string[];
    }
  | { type: "warning"; time: number; runId: string | null; code: string | null; message: string }
  | {
      type: "plan:end";
      time: number;
      status: "done" | "failed" | "interrupted";
      runs: {
        id: string;
        status: "done" | "failed" | "interrupted" | "reused";
        test: Metrics | null;
        outDir: string;
      }[];
      outDir: string;
      /** How to continue, when interrupted: the exact command. */
      resume: string | null;
    };

export type RunEventType = RunEvent["type"];

export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

/** Receives events as they happen; the UI, the JSON printer and the run record each are one. */
export type EventSink = (event: RunEvent) => void;
