import { collectRuns } from "./collect.js";
import type { ContrastSpec } from "./contrasts.js";
import { groupRuns, type RunGroup } from "./groups.js";
import { makeReport } from "./make-report.js";
import type { Report } from "./report-types.js";

export { isFolder } from "./collect.js";
export type { ContrastSpec } from "./contrasts.js";
export { renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";

export interface ReportResult {
  report: Report;
  groups: RunGroup[];
  /** Records left out, `DIR: why`. */
  skipped: string[];
  /** The experiments found, for messages about contrasts. */
  experiments: string[];
}

/** Collects the finished runs below `roots` and summarises them, with the given contrasts. */
export function reportOf(roots: readonly string[], contrasts: readonly ContrastSpec[]): ReportResult {
  const { runs, skipped } = collectRuns(roots);
  const groups = groupRuns(runs);
  const experiments = [...new Set(runs.map((r) => r.run.experiment))];
  return { report: makeReport(groups, contrasts), groups, skipped, experiments };
}
