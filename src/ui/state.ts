import type { BackendInfo, EventOf, Metrics, RunEvent, StageOutline } from "../runtime/events.js";
import { stageBest, type BestEpoch } from "./best.js";
import { reusedText, warningText, weightsText } from "./messages.js";
import { duration, fixed4, plural } from "./format.js";
import { dirname } from "node:path";
import { camText } from "./cam-text.js";

/**
 * What the terminal UI shows, folded from the event stream. `reduce` is pure and cheap per event
 * (batch events arrive hundreds of times a second), so every event is consumed even though the
 * screen redraws at most ten times a second.
 */

export type RunStatus = "pending" | "running" | "done" | "failed" | "interrupted" | "reused";
export type StageStatus = "pending" | "running" | "done";

export interface RunView {
  id: string;
  chain: string[];
  status: RunStatus;
  test: Metrics | null;
  /** The last finished stage's monitored metric, shown until the run has test metrics. */
  lastBest: { metric: string; value: number } | null;
  error: string | null;
}

export interface StageView extends StageOutline {
  status: StageStatus;
  best: { metric: string; value: number; epoch: number } | null;
  epochsRun: number;
  stoppedEarly: boolean;
  durationMs: number | null;
}

export interface HopView {
  runId: string;
  hop: number;
  domain: string;
  classes: string[];
  head: "new" | "kept";
  sizes: { train: number; val: number; test: number };
  stages: StageView[];
}

/** The running stage's progress. */
export interface LiveView {
  stage: number;
  name: string;
  epoch: number;
  epochs: number;
  epochStart: number;
  stageStart: number;
  batch: number;
  batches: number;
  batchTime: number;
  loss: number | null;
  acc: number | null;
  imagesPerSec: number | null;
  /** Per-batch losses over the stage, averaged into at most `CURVE_POINTS` buckets. */
  curve: number[];
  /** Batches per curve point; doubles whenever the curve is compacted. */
  curveBucket: number;
  /** Losses waiting to fill the current bucket. */
  pending: number[];
  /** The last epoch flagged best on the stage's monitored metric. */
  best: BestEpoch;
}

/** One finished epoch, a row of the epoch table. */
export interface EpochRow {
  key: string;
  runId: string;
  domain: string;
  stage: string;
  epoch: number;
  epochs: number;
  loss: number;
  acc: number;
  valLoss: number;
  valAcc: number;
  /** Recall of the domain's positive class, when it names one. */
  recall: number | null;
  durationMs: number;
  best: boolean;
}

/** A line of the log area: warnings, early stops, resumes, the Ctrl-C notice. */
export interface LogLine {
  key: string;
  level: "warning" | "info" | "error";
  text: string;
}

export interface UiState {
  planFile: string | null;
  /** Where run records go (`plan:start`). */
  outDir: string | null;
  backend: BackendInfo | null;
  startTime: number | null;
  lastTime: number;
  runs: RunView[];
  activeRun: string | null;
  hop: HopView | null;
  live: LiveView | null;
  /** Finished epochs and stage titles, in order: what `<Static>` prints above the live area. */
  history: HistoryItem[];
  log: LogLine[];
  end: EventOf<"plan:end"> | null;
  /** The stage (`run/hop/stage`) whose title the history already holds. */
  titled: string | null;
  seq: number;
}

export type HistoryItem =
  | { kind: "title"; key: string; text: string; positive: string | null }
  | ({ kind: "epoch" } & EpochRow)
  | { kind: "note"; key: string; text: string };

export const CURVE_POINTS = 48;
const LOG_LINES = 6;

export function initialState(): UiState {
  return {
    planFile: null,
    outDir: null,
    backend: null,
    startTime: null,
    lastTime: 0,
    runs: [],
    activeRun: null,
    hop: null,
    live: null,
    history: [],
    log: [],
    end: null,
    titled: null,
    seq: 0,
  };
}

export function reduce(state: UiState, event: RunEvent): UiState {
  const next = { ...state, lastTime: Math.max(state.lastTime, event.time), seq: state.seq + 1 };
  switch (event.type) {
    case "plan:start":
      return {
        ...next,
        planFile: event.plan,
        outDir: event.outDir,
        backend: event.backend,
        startTime: event.time,
        runs: event.runs.map((r) => emptyRun(r.id, r.chain)),
        log: event.backend.notes.reduce(
          (log, note, i) => addLog(log, "info", `backend: ${note}`, `${next.seq}.${i}`),
          next.log,
        ),
      };
    case "run:start":
      return {
        ...next,
        activeRun: event.runId,
        hop: null,
        live: null,
        runs: upsertRun(next.runs, event.runId, event.chain, (r) => ({ ...r, status: "running" })),
      };
    case "hop:start":
      return {
        ...next,
        activeRun: event.runId,
        hop: {
          runId: event.runId,
          hop: event.hop,
          domain: event.domain,
          classes: event.classes,
          head: event.head,
          sizes: event.sizes,
          stages: event.stages.map(pendingStage),
        },
        live: null,
      };
    case "stage:start":
      return stageStart(next, event);
    case "epoch:start":
      return next.live
        ? {
            ...next,
            live: {
              ...next.live,
              epoch: event.epoch,
              epochs: event.epochs,
              epochStart: event.time,
              batch: 0,
              loss: null,
              acc: null,
            },
          }
        : next;
    case "batch:end":
      return next.live ? { ...next, live: batchEnd(next.live, event) } : next;
    case "epoch:end":
      return epochEnd(next, event);
    case "stage:end":
      return stageEnd(next, event);
    case "cam:saved":
      // The records' folder's parent stands in for the working directory, which the state does not know.
      return {
        ...next,
        history: [
          ...next.history,
          { kind: "note", key: `n${next.seq}`, text: camText(event, next.outDir ? dirname(next.outDir) : "/") },
        ],
      };
    case "stage:reused":
      return stageReused(next, event);
    case "hop:end":
      return next;
    case "run:end":
      return {
        ...next,
        live: next.activeRun === event.runId ? null : next.live,
        runs: updateRun(next.runs, event.runId, (r) => ({
          ...r,
          status: event.status,
          test: event.test,
          error: event.error,
        })),
        log: event.error ? addLog(next.log, "error", `${event.runId} failed: ${event.error}`, next.seq) : next.log,
      };
    case "weights:loaded":
      return { ...next, log: addLog(next.log, "info", `${event.runId}: ${weightsText(event)}`, next.seq) };
    case "warning":
      return { ...next, log: addLog(next.log, "warning", warningText(event), next.seq) };
    case "plan:end":
      return { ...next, end: event, live: null };
  }
}

/** Adds a message of the renderer's own (the Ctrl-C notice) to the log area. */
export function withMessage(state: UiState, text: string): UiState {
  return { ...state, seq: state.seq + 1, log: addLog(state.log, "info", text, state.seq + 1) };
}

function emptyRun(id: string, chain: string[]): RunView {
  return { id, chain, status: "pending", test: null, lastBest: null, error: null };
}

function upsertRun(runs: RunView[], id: string, chain: string[], change: (run: RunView) => RunView): RunView[] {
  return runs.some((r) => r.id === id) ? updateRun(runs, id, change) : [...runs, change(emptyRun(id, chain))];
}

function updateRun(runs: RunView[], id: string, change: (run: RunView) => RunView): RunView[] {
  return runs.map((r) => (r.id === id ? change(r) : r));
}

function pendingStage(outline: StageOutline): StageView {
  return { ...outline, status: "pending", best: null, epochsRun: 0, stoppedEarly: false, durationMs: null };
}

function addLog(log: LogLine[], level: LogLine["level"], text: string, key: number | string): LogLine[] {
  return [...log, { key: `log${key}`, level, text }].slice(-LOG_LINES);
}

function stageStart(state: UiState, event: EventOf<"stage:start">): UiState {
  const hop = state.hop && state.hop.runId === event.runId && state.hop.hop === event.hop ? state.hop : null;
  const stages = hop?.stages.map((s, i) =>
    i === event.stage ? { ...s, ...outlineOf(event), status: "running" as const } : s,
  );
  const domain = hop?.domain ?? `hop ${event.hop}`;
  const title = `${event.runId} · ${domain} · ${event.name}`;
  let log = state.log;
  if (event.resumedAtEpoch !== null) {
    log = addLog(log, "info", `${title}: resumed from epoch ${event.resumedAtEpoch}`, state.seq);
  }
  return {
    ...state,
    hop: hop && stages ? { ...hop, stages } : hop,
    live: {
      stage: event.stage,
      name: event.name,
      epoch: event.resumedAtEpoch ?? 1,
      epochs: event.epochs,
      epochStart: event.time,
      stageStart: event.time,
      batch: 0,
      batches: event.batchesPerEpoch,
      batchTime: event.time,
      loss: null,
      acc: null,
      imagesPerSec: null,
      curve: [],
      curveBucket: 1,
      pending: [],
      best: null,
    },
    log,
  };
}

function outlineOf(event: StageOutline): StageOutline {
  const { name, trainable, trainableParams, totalParams, epochs, lr, batch } = event;
  return { name, trainable, trainableParams, totalParams, epochs, lr, batch };
}

function batchEnd(live: LiveView, event: EventOf<"batch:end">): LiveView {
  // Events carry running means; the batch's own loss is recovered from two consecutive means.
  const previous = event.batch > 1 && live.loss !== null && live.batch === event.batch - 1 ? live.loss : null;
  const own = previous === null ? event.loss : Math.max(0, event.batch * event.loss - (event.batch - 1) * previous);
  return {
    ...live,
    ...addToCurve(live, own),
    epoch: event.epoch,
    batch: event.batch,
    batches: event.batches,
    batchTime: event.time,
    loss: event.loss,
    acc: event.acc,
    imagesPerSec: event.imagesPerSec > 0 ? event.imagesPerSec : null,
  };
}

function addToCurve(live: LiveView, loss: number): Pick<LiveView, "curve" | "curveBucket" | "pending"> {
  const pending = [...live.pending, loss];
  if (pending.length < live.curveBucket) return { curve: live.curve, curveBucket: live.curveBucket, pending };
  let curve = [...live.curve, mean(pending)];
  let curveBucket = live.curveBucket;
  if (curve.length === CURVE_POINTS) {
    // Halve the resolution so that the curve always covers the whole stage in bounded memory
    // (CURVE_POINTS is even, so every point has a partner).
    curve = curve.flatMap((v, i) => (i % 2 === 1 ? [mean([curve[i - 1]!, v])] : []));
    curveBucket *= 2;
  }
  return { curve, curveBucket, pending: [] };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function epochEnd(state: UiState, event: EventOf<"epoch:end">): UiState {
  const row: EpochRow = {
    key: `e${state.seq}`,
    runId: event.runId,
    domain: state.hop?.domain ?? `hop ${event.hop}`,
    stage: state.hop?.stages[event.stage]?.name ?? state.live?.name ?? `stage ${event.stage}`,
    epoch: event.epoch,
    epochs: event.epochs,
    loss: event.loss,
    acc: event.acc,
    valLoss: event.val.loss,
    valAcc: event.val.acc,
    recall: event.val.positive?.recall ?? null,
    durationMs: event.durationMs,
    best: event.best,
  };
  // The title goes out with the stage's first row, once the positive class is known: `<Static>`
  // never reprints an item, so it must be complete when it first appears.
  const stageKey = `${event.runId}/${event.hop}/${event.stage}`;
  const title: HistoryItem[] =
    state.titled === stageKey
      ? []
      : [
          {
            kind: "title",
            key: `t${state.seq}`,
            text: `${row.runId} · ${row.domain} · ${row.stage}`,
            positive: event.val.positive?.class ?? null,
          },
        ];
  return {
    ...state,
    titled: stageKey,
    history: [...state.history, ...title, { kind: "epoch", ...row }],
    live: state.live
      ? {
          ...state.live,
          epoch: event.epoch,
          batch: state.live.batches,
          loss: event.loss,
          acc: event.acc,
          best: event.best ? { epoch: event.epoch, val: event.val } : state.live.best,
        }
      : null,
  };
}

/** A stage read from the stage store: done at once, with a note saying whose result it is. */
function stageReused(state: UiState, event: EventOf<"stage:reused">): UiState {
  const hop = state.hop;
  const stages = hop?.stages.map((s, i) =>
    i === event.stage ? { ...s, status: "done" as const, best: event.best, epochsRun: event.epochsRun } : s,
  );
  const note = `${event.name} · ${reusedText(event)}`;
  return {
    ...state,
    hop: hop && stages ? { ...hop, stages } : hop,
    history: [...state.history, { kind: "note", key: `n${state.seq}`, text: note }],
  };
}

function stageEnd(state: UiState, event: EventOf<"stage:end">): UiState {
  const hop = state.hop;
  const name = hop?.stages[event.stage]?.name ?? state.live?.name ?? `stage ${event.stage}`;
  const best = stageBest(event, state.live?.best ?? null);
  const stages = hop?.stages.map((s, i) =>
    i === event.stage
      ? {
          ...s,
          status: "done" as const,
          best,
          epochsRun: event.epochsRun,
          stoppedEarly: event.stoppedEarly,
          durationMs: event.durationMs,
        }
      : s,
  );
  const log = event.stoppedEarly
    ? addLog(
        state.log,
        "info",
        `${event.runId} · ${hop?.domain ?? `hop ${event.hop}`} · ${name}: stopped early after epoch ${event.epochsRun}, ` +
          `${best.metric} did not improve on ${fixed4(best.value)} (epoch ${best.epoch})`,
        state.seq,
      )
    : state.log;
  const note = [
    name,
    `${plural(event.epochsRun, "epoch")}${event.stoppedEarly ? " (stopped early)" : ""}`,
    `best ${best.metric} ${fixed4(best.value)} @${best.epoch}`,
    `kept ${event.kept}`,
    duration(event.durationMs),
  ].join(" · ");
  return {
    ...state,
    hop: hop && stages ? { ...hop, stages } : hop,
    live: null,
    log,
    history: [...state.history, { kind: "note", key: `n${state.seq}`, text: note }],
    runs: updateRun(state.runs, event.runId, (r) => ({ ...r, lastBest: { metric: best.metric, value: best.value } })),
  };
}
