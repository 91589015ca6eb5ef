import { contrast, type ContrastSpec } from "./contrasts.js";
import { summariseGroup, type RunGroup } from "./groups.js";
import type { Report } from "./report-types.js";
import { reportViolations } from "./validate.js";

/** The report of grouped runs, validated against its schema (a failure is a bug and throws). */
export function makeReport(groups: readonly RunGroup[], contrasts: readonly ContrastSpec[]): Report {
  const report = { groups: groups.map(summariseGroup), contrasts: contrasts.flatMap((spec) => contrast(spec, groups)) };
  const violations = reportViolations(report);
  if (violations.length > 0) throw new Error(`the report does not match its schema:\n${violations.join("\n")}`);
  return report;
}
