import type { EventOf, Metrics } from "../runtime/events.js";

/** The value of a monitored metric (`early_stop`'s names) in an evaluation. */
export function monitoredValue(metric: string, val: Metrics): number | null {
  switch (metric) {
    case "val_loss":
      return val.loss;
    case "val_acc":
      return val.acc;
    case "val_f1":
      return val.macroF1;
    case "val_recall":
      return val.positive?.recall ?? null;
    default:
      return null;
  }
}

export type BestEpoch = { epoch: number; val: Metrics } | null;

/**
 * A finished stage's best epoch on its monitored metric. `stage:end` reports the metric at the
 * kept epoch, which under `keep last` need not be the best; the epochs flagged `best` say which was.
 */
export function stageBest(
  event: EventOf<"stage:end">,
  best: BestEpoch,
): { metric: string; value: number; epoch: number } {
  const value = best ? monitoredValue(event.best.metric, best.val) : null;
  return best && value !== null ? { metric: event.best.metric, value, epoch: best.epoch } : event.best;
}
