import type { RunFolder } from "./collect.js";
import { metricValues } from "./run-metrics.js";
import { summarise } from "./summary-stats.js";
import { METRIC_NAMES, type MetricName, type MetricSummary, type ReportGroup } from "./report-types.js";

/** The runs of one experiment and model, in seed order. */
export interface RunGroup {
  experiment: string;
  model: string;
  runs: RunFolder[];
}

/** Groups runs (sorted by experiment, model, seed) by experiment and model, keeping that order. */
export function groupRuns(runs: readonly RunFolder[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const folder of runs) {
    const { experiment, model } = folder.run;
    const key = `${experiment}\u0000${model}`;
    const group = groups.get(key) ?? { experiment, model, runs: [] };
    group.runs.push(folder);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function summariseGroup(group: RunGroup): ReportGroup {
  const metrics = Object.fromEntries(
    METRIC_NAMES.map((name) => [name, summarise(metricValues(group.runs, name))]),
  ) as Record<MetricName, MetricSummary>;
  return { experiment: group.experiment, model: group.model, runs: group.runs.map((r) => r.run.id), metrics };
}
