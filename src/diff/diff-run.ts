import type { PlanHop, PlanRun, PlanStage } from "../plan/types.js";
import { compareSettings, isChanged } from "./compare-settings.js";
import { matchLists } from "./match.js";
import { hopSettings, runSettings, stageSettings } from "./settings.js";
import type { Cause, HopDiff, RunDiff, StageDiff, Verdict } from "./types.js";

/**
 * Walks one run from its start to its last stage, carrying the first upstream difference found
 * (`cause`), so that every stage that must be trained again can say why.
 */
class RunWalk {
  cause: Cause | undefined;
  constructor(readonly oldHashes: ReadonlySet<string>) {}

  blame(cause: Cause): void {
    this.cause ??= cause;
  }

  verdict(stage: PlanStage, own: boolean): Verdict {
    if (this.oldHashes.has(stage.hash)) return { kind: "reusable" };
    if (own) return { kind: "own" };
    return this.cause ? { kind: "upstream", cause: this.cause } : { kind: "hash" };
  }
}

export function diffRun(oldRun: PlanRun, newRun: PlanRun, oldHashes: ReadonlySet<string>): RunDiff {
  const walk = new RunWalk(oldHashes);
  const settings = compareSettings(runSettings(oldRun), runSettings(newRun));
  const changedSetting = settings.find((s) => s.change !== "unchanged");
  if (changedSetting) walk.blame({ level: "run", setting: changedSetting.key, change: "changed" });
  const oldHops = keyedHops(oldRun.hops);
  const newHops = keyedHops(newRun.hops);
  const matching = matchLists(oldHops, newHops, (hop) => hop.key);
  const hops = matching.merged.map(({ old, new: next }): HopDiff => {
    if (next === undefined) {
      const hop = oldRun.hops[old!]!;
      walk.blame({ level: "hop", subject: hop.domain, change: "removed" });
      return { domain: hop.domain, change: "removed", settings: [], stages: hop.stages.map(removedStage) };
    }
    const hop = newRun.hops[next]!;
    if (old === undefined) return addedHop(hop, walk, true);
    const moved = matching.moved.has(next) ? { from: old + 1, to: next + 1 } : undefined;
    return diffHop(oldRun.hops[old]!, hop, moved, walk);
  });
  const changed = isChanged(settings) || hops.some((hop) => hop.change !== "unchanged");
  return { id: newRun.id, change: changed ? "changed" : "unchanged", settings, hops };
}

/** A run only one side has: its hops and stages, without their settings. */
export function wholeRun(run: PlanRun, change: "added" | "removed", oldHashes: ReadonlySet<string>): RunDiff {
  const walk = new RunWalk(oldHashes);
  const hops = run.hops.map((hop) =>
    change === "added"
      ? addedHop(hop, walk, false)
      : { domain: hop.domain, change, settings: [], stages: hop.stages.map(removedStage) },
  );
  return { id: run.id, change, settings: [], hops };
}

/** Hops are matched by domain; a chain that visits a domain twice matches them in order. */
function keyedHops(hops: PlanHop[]): { key: string }[] {
  const seen = new Map<string, number>();
  return hops.map((hop) => {
    const count = seen.get(hop.domain) ?? 0;
    seen.set(hop.domain, count + 1);
    return { key: `${hop.domain}#${count}` };
  });
}

function addedHop(hop: PlanHop, walk: RunWalk, detailed: boolean): HopDiff {
  const stages = hop.stages.map((stage) => addedStage(stage, walk, detailed));
  walk.blame({ level: "hop", subject: hop.domain, change: "added" });
  return {
    domain: hop.domain,
    change: "added",
    settings: detailed ? compareSettings([], hopSettings(hop)) : [],
    stages,
  };
}

function diffHop(oldHop: PlanHop, newHop: PlanHop, moved: HopDiff["moved"], walk: RunWalk): HopDiff {
  const settings = compareSettings(hopSettings(oldHop), hopSettings(newHop));
  if (moved) walk.blame({ level: "hop", subject: newHop.domain, change: "moved" });
  const changedSetting = settings.find((s) => s.change !== "unchanged");
  if (changedSetting)
    walk.blame({ level: "hop", subject: newHop.domain, setting: changedSetting.key, change: "changed" });
  const stages = diffStages(oldHop, newHop, walk);
  const changed =
    moved || isChanged(settings) || stages.some((s) => s.change !== "unchanged" || s.verdict?.kind !== "reusable");
  return {
    domain: newHop.domain,
    change: changed ? "changed" : "unchanged",
    ...(moved && { moved }),
    settings,
    stages,
  };
}

function diffStages(oldHop: PlanHop, newHop: PlanHop, walk: RunWalk): StageDiff[] {
  const sameContent = (a: PlanStage, b: PlanStage) =>
    a.hash === b.hash || JSON.stringify(stageSettings(a)) === JSON.stringify(stageSettings(b));
  const matching = matchLists(oldHop.stages, newHop.stages, (stage) => stage.name, sameContent);
  const subject = (stage: PlanStage) => `${newHop.domain}/${stage.name}`;
  return matching.merged.map(({ old, new: next }): StageDiff => {
    if (next === undefined) {
      const stage = oldHop.stages[old!]!;
      walk.blame({ level: "stage", subject: `${oldHop.domain}/${stage.name}`, change: "removed" });
      return removedStage(stage);
    }
    const stage = newHop.stages[next]!;
    if (old === undefined) {
      walk.blame({ level: "stage", subject: subject(stage), change: "added" });
      return addedStage(stage, walk, true);
    }
    const oldStage = oldHop.stages[old]!;
    const settings = compareSettings(stageSettings(oldStage), stageSettings(stage));
    const moved = matching.moved.has(next) ? { from: old + 1, to: next + 1 } : undefined;
    const own = Boolean(moved) || isChanged(settings);
    const verdict = walk.verdict(stage, own);
    if (own && verdict.kind !== "reusable")
      walk.blame({ level: "stage", subject: subject(stage), change: moved ? "moved" : "changed" });
    const renamed = matching.renamed.has(next) ? { renamedFrom: oldStage.name } : {};
    const change = own || matching.renamed.has(next) ? "changed" : "unchanged";
    return { name: stage.name, change, ...renamed, ...(moved && { moved }), verdict, settings };
  });
}

/**
 * A new stage: its settings are shown when it joins a run that existed before, leaving out those
 * that are empty (no partial groups, no early stopping) as a reader would not write them.
 */
function addedStage(stage: PlanStage, walk: RunWalk, detailed: boolean): StageDiff {
  const verdict: Verdict = walk.oldHashes.has(stage.hash) ? { kind: "reusable" } : { kind: "new" };
  const written = stageSettings(stage).filter(
    ([, value]) => value !== null && !(Array.isArray(value) && value.length === 0),
  );
  const settings = detailed ? compareSettings([], written) : [];
  return { name: stage.name, change: "added", verdict, settings };
}

function removedStage(stage: PlanStage): StageDiff {
  return { name: stage.name, change: "removed", settings: [] };
}
