import type { Metrics } from "../runtime/events.js";
import type { RunFolder } from "./collect.js";
import type { MetricName } from "./report-types.js";

/** One summarised metric of a run's test split; null when the run does not have it. */
export function testMetric(folder: RunFolder, name: MetricName): number | null {
  const test = folder.metrics.test as Metrics;
  switch (name) {
    case "acc":
      return test.acc;
    case "macro_f1":
      return test.macroF1;
    case "auc":
      return test.auc;
    case "positive_recall":
      return test.positive?.recall ?? null;
    case "positive_precision":
      return test.positive?.precision ?? null;
  }
}

/** The metric over runs, leaving out the runs that lack it. */
export function metricValues(runs: readonly RunFolder[], name: MetricName): number[] {
  return runs.map((run) => testMetric(run, name)).filter((v): v is number => v !== null);
}
