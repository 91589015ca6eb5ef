import { tQuantile } from "./t-distribution.js";
import type { MetricSummary } from "./report-types.js";

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The sample standard deviation (n - 1 in the denominator), as numpy's `std(ddof=1)`. */
export function sampleSd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Mean, sample SD and the 95% t-interval `mean ± t(0.975, n - 1) · sd / sqrt(n)`. One value has
 * no SD and no interval; no values, no mean either.
 */
export function summarise(values: readonly number[]): MetricSummary {
  if (values.length === 0) return { mean: null, sd: null, ci: null };
  const m = mean(values);
  if (values.length < 2) return { mean: m, sd: null, ci: null };
  const sd = sampleSd(values);
  const half = (tQuantile(0.975, values.length - 1) * sd) / Math.sqrt(values.length);
  return { mean: m, sd, ci: [m - half, m + half] };
}
