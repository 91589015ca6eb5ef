/** The summarised metrics, by their names in `report.json`. */
export const METRIC_NAMES = ["acc", "macro_f1", "auc", "positive_recall", "positive_precision"] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<MetricName, string> = {
  acc: "accuracy",
  macro_f1: "macro-F1",
  auc: "AUC",
  positive_recall: "positive recall",
  positive_precision: "positive precision",
};

/** Mean, sample SD (n - 1) and 95% t-interval of one metric over a group's runs; null where undefined. */
export interface MetricSummary {
  mean: number | null;
  sd: number | null;
  ci: [number, number] | null;
}

export interface ReportGroup {
  experiment: string;
  model: string;
  /** The run ids, in seed order. */
  runs: string[];
  metrics: Record<MetricName, MetricSummary>;
}

/** One metric of a contrast A:B over the seeds both arms ran. */
export interface ContrastMetric {
  a: number | null;
  b: number | null;
  /** mean(A) - mean(B). */
  change: number | null;
  /** (mean(A) - mean(B)) / mean(B). */
  relative: number | null;
  /** The paired t-test on the per-seed differences (null when not computed; `note` says why). */
  t: number | null;
  df: number | null;
  p: number | null;
  note: string | null;
}

export interface ReportContrast {
  a: string;
  b: string;
  model: string;
  /** The seeds both arms ran on the same split: the pairs. */
  seeds: number[];
  metrics: Record<MetricName, ContrastMetric>;
}

/** `report.json` (schema/report.schema.json). */
export interface Report {
  groups: ReportGroup[];
  contrasts: ReportContrast[];
}
