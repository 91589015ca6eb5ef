import type { Plan } from "../plan/types.js";
import { compareSettings, isChanged } from "./compare-settings.js";
import { diffRun, wholeRun } from "./diff-run.js";
import { matchLists } from "./match.js";
import type { Settings } from "./settings.js";
import type { DiffSummary, ExperimentDiff, PlanDiff, RunDiff } from "./types.js";

/**
 * The semantic difference between two plans: runs matched by id, hops by domain, stages by name
 * (or, renamed, by content). Pure: it reads nothing but the two plans. `names` label the sides.
 */
export function diffPlans(oldPlan: Plan, newPlan: Plan, names: { old: string; new: string }): PlanDiff {
  const oldHashes = new Set(
    oldPlan.runs.flatMap((run) => run.hops.flatMap((hop) => hop.stages.map((stage) => stage.hash))),
  );
  const matching = matchLists(oldPlan.runs, newPlan.runs, (run) => run.id);
  const runs = matching.merged.map(({ old, new: next }): RunDiff => {
    if (next === undefined) return wholeRun(oldPlan.runs[old!]!, "removed", oldHashes);
    if (old === undefined) return wholeRun(newPlan.runs[next]!, "added", oldHashes);
    return diffRun(oldPlan.runs[old]!, newPlan.runs[next]!, oldHashes);
  });
  const experiments = diffExperiments(oldPlan, newPlan);
  const summary = summarize(runs);
  const equal =
    summary.runsAdded + summary.runsChanged + summary.runsRemoved === 0 &&
    experiments.every((e) => e.change === "unchanged");
  return { old: names.old, new: names.new, equal, summary, experiments, runs };
}

function summarize(runs: RunDiff[]): DiffSummary {
  const count = (change: RunDiff["change"]) => runs.filter((run) => run.change === change).length;
  const verdicts = runs.flatMap((run) =>
    run.hops.flatMap((hop) => hop.stages.flatMap((stage) => (stage.verdict ? [stage.verdict] : []))),
  );
  const reusable = verdicts.filter((v) => v.kind === "reusable").length;
  return {
    runsAdded: count("added"),
    runsChanged: count("changed"),
    runsRemoved: count("removed"),
    runsUnchanged: count("unchanged"),
    stagesToRerun: verdicts.length - reusable,
    stagesReusable: reusable,
  };
}

/** Each experiment's model and seed matrix, as the runs of the plan spell it out. */
function diffExperiments(oldPlan: Plan, newPlan: Plan): ExperimentDiff[] {
  const oldMatrix = matrices(oldPlan);
  const newMatrix = matrices(newPlan);
  const names = [...newMatrix.keys(), ...[...oldMatrix.keys()].filter((name) => !newMatrix.has(name))];
  return names.map((name): ExperimentDiff => {
    const before = oldMatrix.get(name);
    const after = newMatrix.get(name);
    const settings = compareSettings(before ?? [], after ?? []);
    const change = !before ? "added" : !after ? "removed" : isChanged(settings) ? "changed" : "unchanged";
    return { name, change, settings };
  });
}

function matrices(plan: Plan): Map<string, Settings> {
  const byExperiment = new Map<string, { models: string[]; seeds: number[] }>();
  for (const run of plan.runs) {
    const matrix = byExperiment.get(run.experiment) ?? { models: [], seeds: [] };
    if (!matrix.models.includes(run.model)) matrix.models.push(run.model);
    if (!matrix.seeds.includes(run.seed)) matrix.seeds.push(run.seed);
    byExperiment.set(run.experiment, matrix);
  }
  return new Map(
    [...byExperiment].map(([name, m]) => [
      name,
      [
        ["models", m.models],
        ["seeds", m.seeds],
      ],
    ]),
  );
}
