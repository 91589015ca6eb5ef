import { DIFF_FORMAT_VERSION, type DiffDocument, type PlanDiff } from "./types.js";

/**
 * `--format json`: the same tree the text shows. Unchanged settings, experiments and runs are left
 * out unless `all`, as the text hides them; the summary still counts every run and stage.
 */
export function renderJson(diffs: readonly PlanDiff[], options: { all: boolean }): string {
  const document: DiffDocument = {
    diffVersion: DIFF_FORMAT_VERSION,
    comparisons: diffs.map((d) => (options.all ? d : prune(d))),
  };
  return JSON.stringify(document, null, 2) + "\n";
}

function prune(diff: PlanDiff): PlanDiff {
  const changed = <T extends { change: string }>(items: T[]) => items.filter((item) => item.change !== "unchanged");
  return {
    ...diff,
    experiments: changed(diff.experiments).map((e) => ({ ...e, settings: changed(e.settings) })),
    runs: changed(diff.runs).map((run) => ({
      ...run,
      settings: changed(run.settings),
      hops: run.hops.map((hop) => ({
        ...hop,
        settings: changed(hop.settings),
        stages: hop.stages.map((stage) => ({ ...stage, settings: changed(stage.settings) })),
      })),
    })),
  };
}
