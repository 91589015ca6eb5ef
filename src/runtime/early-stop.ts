import type { Metrics } from "./events.js";
import { monitoredValue } from "./metrics.js";

/**
 * Tracks the monitored validation metric over a stage's epochs, as Keras's `EarlyStopping` with
 * `min_delta=0`: an epoch improves when strictly better than the best so far; the stage stops
 * after `patience` epochs in a row without improvement. Without `early_stop` the monitor is
 * `val_loss` and nothing stops, but `keep best` still uses it.
 */
export interface MonitorState {
  metric: string;
  patience: number | null;
  best: { value: number; epoch: number } | null;
  /** Epochs since the last improvement. */
  stale: number;
}

export function newMonitor(earlyStop: { metric: string; patience: number } | null): MonitorState {
  return { metric: earlyStop?.metric ?? "val_loss", patience: earlyStop?.patience ?? null, best: null, stale: 0 };
}

/** Records one epoch's metrics (1-based epoch); returns whether it is the best so far. */
export function observe(state: MonitorState, val: Metrics, epoch: number): boolean {
  const { value, higherIsBetter } = monitoredValue(state.metric, val);
  const improved = state.best === null || (higherIsBetter ? value > state.best.value : value < state.best.value);
  if (improved) {
    state.best = { value, epoch };
    state.stale = 0;
  } else {
    state.stale += 1;
  }
  return improved;
}

export function shouldStop(state: MonitorState): boolean {
  return state.patience !== null && state.stale >= state.patience;
}
