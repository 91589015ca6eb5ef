import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { METRIC_NAMES } from "../../src/report/report-types.js";
import { REPORT_SCHEMA_URL, reportViolations } from "../../src/report/validate.js";
import type { Report } from "../../src/report/report-types.js";

const summary = { mean: 0.5, sd: 0.1, ci: [0.25, 0.75] as [number, number] };
const contrastMetric = { a: 0.6, b: 0.5, change: 0.1, relative: 0.2, t: 3, df: 2, p: 0.09, note: null };
const report = (): Report => ({
  groups: [
    {
      experiment: "e",
      model: "m",
      runs: ["e/m/seed1"],
      metrics: Object.fromEntries(METRIC_NAMES.map((n) => [n, { ...summary }])) as Report["groups"][0]["metrics"],
    },
  ],
  contrasts: [
    {
      a: "e",
      b: "f",
      model: "m",
      seeds: [1, 2, 3],
      metrics: Object.fromEntries(
        METRIC_NAMES.map((n) => [n, { ...contrastMetric }]),
      ) as Report["contrasts"][0]["metrics"],
    },
  ],
});

test("schema/report.schema.json names exactly the five metrics of the report", () => {
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_URL, "utf8"));
  expect(schema.$defs.group.properties.metrics.required).toEqual([...METRIC_NAMES]);
  expect(schema.$defs.contrast.properties.metrics.required).toEqual([...METRIC_NAMES]);
});

test("the schema accepts a report and rejects a missing metric, an extra field and a one-sided interval", () => {
  expect(reportViolations(report())).toEqual([]);
  const missing = report();
  delete (missing.groups[0]!.metrics as Partial<Report["groups"][0]["metrics"]>).auc;
  expect(reportViolations(missing)).toEqual(["/groups/0/metrics: must have required property 'auc'"]);
  const extra = report() as Report & { title?: string };
  extra.title = "x";
  expect(reportViolations(extra)).toEqual(["/: must NOT have additional properties"]);
  const oneSided = report();
  (oneSided.groups[0]!.metrics.acc as { ci: number[] }).ci = [0.25];
  expect(reportViolations(oneSided)).toContain("/groups/0/metrics/acc/ci: must NOT have fewer than 2 items");
});
