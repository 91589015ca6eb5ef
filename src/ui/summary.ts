import { isAbsolute, relative } from "node:path";
import type { EventOf, Metrics } from "../runtime/events.js";
import { fixed4, plural, table } from "./format.js";

type PlanEnd = EventOf<"plan:end">;

/**
 * The end-of-plan table of every run's test metrics, as aligned text lines: the same table ends
 * the terminal UI and the plain log. The recall column names the positive class when every run
 * that has one agrees on it. When the table is wider than `width`, each run gets a title line and
 * an indented line of figures instead, so that narrow terminals lose no figure.
 */
export function summaryLines(end: PlanEnd, width = Infinity): string[] {
  const positives = new Set(end.runs.flatMap((r) => (r.test?.positive ? [r.test.positive.class] : [])));
  const positive = positives.size === 1 ? [...positives][0]! : positives.size > 1 ? "positive" : null;
  const auc = end.runs.some((r) => r.test?.auc != null);
  const header = ["run", "status", "test_loss", "test_acc", "macro_f1"];
  if (positive) header.push(`recall(${positive})`);
  if (auc) header.push("auc");
  const rows = end.runs.map((run) => [run.id, run.status, ...metricCells(run.test, positive !== null, auc)]);
  const lines = table(
    [header, ...rows],
    header.map((_, i) => i >= 2),
  );
  if (Math.max(...lines.map((l) => l.length)) <= width) return lines;
  return [
    "test metrics",
    ...rows.flatMap(([id, status, ...cells]) => [
      `${id}  ${status}`,
      ...(cells.every((cell) => cell === "-")
        ? []
        : [`  ${cells.map((cell, i) => `${header[i + 2]} ${cell}`).join(" · ")}`]),
    ]),
  ];
}

function metricCells(test: Metrics | null, positive: boolean, auc: boolean): string[] {
  const cells = test ? [fixed4(test.loss), fixed4(test.acc), fixed4(test.macroF1)] : ["-", "-", "-"];
  if (positive) cells.push(test?.positive ? fixed4(test.positive.recall) : "-");
  if (auc) cells.push(test?.auc != null ? fixed4(test.auc) : "-");
  return cells;
}

/** The lines after the table: where the records are (relative to `cwd` when inside it), how to resume. */
export function recordLines(end: PlanEnd, cwd: string): string[] {
  const counts = new Map<string, number>();
  for (const run of end.runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${status}`).join(", ");
  const lines = [
    `${end.status} · ${plural(end.runs.length, "run")}: ${tally}`,
    `records: ${shortPath(end.outDir, cwd)}`,
  ];
  if (end.resume) lines.push(`resume with: ${end.resume}`);
  return lines;
}

/** `runs` rather than `/home/me/project/runs`, when the folder is below the working directory. */
export function shortPath(path: string, cwd: string): string {
  const near = relative(cwd, path);
  return near === "" ? "." : near.startsWith("..") || isAbsolute(near) ? path : near;
}
