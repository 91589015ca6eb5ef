import { METRIC_LABELS, METRIC_NAMES, type MetricSummary, type Report } from "./report-types.js";

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

/** The contrast table's columns, and its rows: one per contrast, model and metric that has values (Markdown and HTML alike). */
export const CONTRAST_COLUMNS = ["contrast", "model", "pairs", "metric", "A", "B", "change", "relative", "p", "note"];

export function contrastRows(report: Report): string[][] {
  return report.contrasts.flatMap((c) =>
    METRIC_NAMES.filter((name) => c.metrics[name].a !== null).map((name) => {
      const m = c.metrics[name];
      const cells = [fixed(m.a), fixed(m.b), signed(m.change), percent(m.relative), pValue(m.p), m.note ?? ""];
      return [`${c.a}:${c.b}`, c.model, String(c.seeds.length), METRIC_LABELS[name], ...cells];
    }),
  );
}
