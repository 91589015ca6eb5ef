import { CONTRAST_COLUMNS, contrastRows, summaryCell } from "./format.js";
import { METRIC_LABELS, METRIC_NAMES, type Report } from "./report-types.js";

export const INTERVAL_NOTE =
  "Test-split metrics of each run's last hop, over seeds: mean ± sample SD (n − 1) [95% interval: mean ± t(0.975, n − 1) · SD / √n].";

export const CONTRAST_NOTE =
  "A:B pairs the runs of A and B with the same seed and target split; change = mean(A) − mean(B), relative = change / mean(B); p is the two-sided paired t-test on the per-seed differences (n − 1 degrees of freedom).";

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** The header and its rule; `numeric` columns align right. */
function header(cells: readonly string[], numeric: readonly number[]): string[] {
  return [row(cells), row(cells.map((_, i) => (numeric.includes(i) ? "---:" : "---")))];
}

/** The main table: one row per experiment and model. */
export function mainTable(report: Report): string[] {
  return [
    ...header(["experiment", "model", "n", ...METRIC_NAMES.map((name) => METRIC_LABELS[name])], [2, 3, 4, 5, 6, 7]),
    ...report.groups.map((g) =>
      row([g.experiment, g.model, g.runs.length, ...METRIC_NAMES.map((name) => summaryCell(g.metrics[name]))]),
    ),
  ];
}

/** One row per contrast, model and metric that has values. */
export function contrastTable(report: Report): string[] {
  const rows = contrastRows(report).map(row);
  return [...header(CONTRAST_COLUMNS, [2, 4, 5, 6, 7, 8]), ...rows];
}

export function renderMarkdown(report: Report): string {
  const lines = ["## thtl report", "", INTERVAL_NOTE, "", ...mainTable(report)];
  if (report.contrasts.length > 0) lines.push("", "### Contrasts", "", CONTRAST_NOTE, "", ...contrastTable(report));
  return `${lines.join("\n")}\n`;
}
