import type { MetricSummary } from "./report-types.js";

/** Three decimals; an em dash for a missing value. */
export function fixed(value: number | null): string {
  return value === null ? "—" : value.toFixed(3);
}

export function signed(value: number | null): string {
  return value === null ? "—" : `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(3)}`;
}

export function percent(value: number | null): string {
  return value === null ? "—" : `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)}%`;
}

/** A p-value with two significant digits, or `< 0.001`. */
export function pValue(p: number | null): string {
  if (p === null) return "—";
  return p < 0.001 ? "< 0.001" : p.toPrecision(2);
}

/** `0.812 ± 0.034 [0.728, 0.896]`: mean, sample SD, 95% interval, whichever exist. */
export function summaryCell(summary: MetricSummary): string {
  if (summary.mean === null) return "—";
  const sd = summary.sd === null ? "" : ` ± ${summary.sd.toFixed(3)}`;
  const ci = summary.ci === null ? "" : ` [${summary.ci[0].toFixed(3)}, ${summary.ci[1].toFixed(3)}]`;
  return `${summary.mean.toFixed(3)}${sd}${ci}`;
}
