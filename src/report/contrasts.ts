import type { PlanRun } from "../plan/types.js";
import type { RunFolder } from "./collect.js";
import type { RunGroup } from "./groups.js";
import { testMetric } from "./run-metrics.js";
import { mean, sampleSd } from "./summary-stats.js";
import { tTwoSidedP } from "./t-distribution.js";
import { METRIC_NAMES, type ContrastMetric, type MetricName, type ReportContrast } from "./report-types.js";

/** `A:B`, two experiments' names. */
export interface ContrastSpec {
  a: string;
  b: string;
}

/** Below this many pairs the paired t-test is not run. */
const MIN_PAIRS = 3;

/**
 * A:B for every model both experiments ran: runs paired by seed, when the target hop (the last)
 * has the same data and split in both; the change is A minus B.
 */
export function contrast(spec: ContrastSpec, groups: readonly RunGroup[]): ReportContrast[] {
  return groups
    .filter((g) => g.experiment === spec.a)
    .flatMap((groupA) => {
      const groupB = groups.find((g) => g.experiment === spec.b && g.model === groupA.model);
      if (!groupB) return [];
      const pairs = pairBySeed(groupA.runs, groupB.runs);
      const metrics = Object.fromEntries(METRIC_NAMES.map((name) => [name, contrastMetric(pairs, name)])) as Record<
        MetricName,
        ContrastMetric
      >;
      return [{ a: spec.a, b: spec.b, model: groupA.model, seeds: pairs.map(([x]) => x.run.seed), metrics }];
    });
}

function pairBySeed(a: readonly RunFolder[], b: readonly RunFolder[]): [RunFolder, RunFolder][] {
  return a.flatMap((x) => {
    const y = b.find((candidate) => candidate.run.seed === x.run.seed);
    return y && sameTarget(x.run, y.run) ? [[x, y] as [RunFolder, RunFolder]] : [];
  });
}

/** Same target split: the last hop's data, classes and split settings. */
function sameTarget(x: PlanRun, y: PlanRun): boolean {
  const target = (run: PlanRun) => {
    const { data, classes, split } = run.hops.at(-1)!;
    return JSON.stringify({ data, classes, split });
  };
  return target(x) === target(y);
}

function contrastMetric(pairs: readonly [RunFolder, RunFolder][], name: MetricName): ContrastMetric {
  const values = pairs.flatMap(([x, y]) => {
    const a = testMetric(x, name);
    const b = testMetric(y, name);
    return a === null || b === null ? [] : [{ a, b }];
  });
  const empty = { a: null, b: null, change: null, relative: null, t: null, df: null, p: null };
  if (values.length === 0) return { ...empty, note: "no pairs with this metric" };
  const a = mean(values.map((v) => v.a));
  const b = mean(values.map((v) => v.b));
  const change = a - b;
  const relative = b === 0 ? null : change / b;
  return { a, b, change, relative, ...pairedTest(values.map((v) => v.a - v.b)) };
}

/** Paired t-test on the per-seed differences: t = mean / (sd / sqrt(n)), n - 1 degrees of freedom, two-sided. */
function pairedTest(differences: number[]): Pick<ContrastMetric, "t" | "df" | "p" | "note"> {
  const n = differences.length;
  if (n < MIN_PAIRS)
    return {
      t: null,
      df: null,
      p: null,
      note: `${n} ${n === 1 ? "pair" : "pairs"}: too few for a paired test (needs ${MIN_PAIRS})`,
    };
  const sd = sampleSd(differences);
  const m = mean(differences);
  if (sd === 0) return { t: null, df: null, p: null, note: "every pair differs by the same amount: no test" };
  const t = m / (sd / Math.sqrt(n));
  const note = n < 5 ? `${n} pairs: a test this small detects only large effects` : null;
  return { t, df: n - 1, p: tTwoSidedP(t, n - 1), note };
}
