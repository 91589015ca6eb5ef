import { existsSync } from "node:fs";
import { collectRuns } from "./collect.js";
import { groupRuns } from "./groups.js";
import { makeReport } from "./make-report.js";
import { mainTable } from "./markdown.js";

/**
 * The report's main table for the finished runs of a plan (ids `runIds`) recorded under
 * `outDir`, as `thtl run` prints it after a plan of several runs; null when none finished.
 */
export function planTable(outDir: string, runIds: readonly string[]): string | null {
  if (!existsSync(outDir)) return null;
  const ids = new Set(runIds);
  const runs = collectRuns([outDir]).runs.filter((r) => ids.has(r.run.id));
  if (runs.length === 0) return null;
  const report = makeReport(groupRuns(runs), []);
  return `\nTest metrics over seeds (mean ± SD [95% t-interval]; \`thtl report\` for the full report):\n\n${mainTable(report).join("\n")}\n`;
}
