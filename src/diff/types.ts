/**
 * The change tree `thtl diff` builds from two plans, and the shape of `thtl diff --format json`
 * (`schema/diff.schema.json` describes it; a test keeps the two in agreement).
 */

export const DIFF_FORMAT_VERSION = 1;

/** How an item of the new plan relates to the old one. */
export type Change = "added" | "removed" | "changed" | "unchanged";

/** A setting's value as the plan holds it (numbers, names, lists of names, or `null` for none). */
export type SettingValue = string | number | boolean | null | string[] | number[];

/**
 * One setting of a run, hop, stage or experiment. `old` is absent when the setting was added,
 * `new` when it was removed. For list settings whose common elements kept their order (trainable
 * groups, augmentations, models, seeds), `added` and `removed` give the change as a set change.
 */
export interface SettingDiff {
  key: string;
  change: Change;
  old?: SettingValue;
  new?: SettingValue;
  added?: string[];
  removed?: string[];
}

/**
 * The first upstream difference that makes a stage's result stale: a run setting (`init`), a
 * hop (`fundus` added, removed, moved, or one of its settings such as `data` changed) or an
 * earlier stage (`fundus/all` changed, added, removed or moved).
 */
export interface Cause {
  level: "run" | "hop" | "stage";
  /** The hop's domain, or `HOP/STAGE`; absent at run level. */
  subject?: string;
  /** The setting that changed, for run and hop causes. */
  setting?: string;
  change: "added" | "removed" | "moved" | "changed";
}

/**
 * Whether a stage of the new plan must be trained again, and why:
 * `reusable`: its hash is in the old plan, so its result stays valid;
 * `new`: it did not exist before; `own`: its own settings, trainable set or position changed;
 * `upstream`: something before it changed (`cause`); `hash`: its hash changed for a reason the
 * plans do not show (a different compiler's hashing, for instance).
 */
export type Verdict =
  { kind: "reusable" } | { kind: "new" } | { kind: "own" } | { kind: "upstream"; cause: Cause } | { kind: "hash" };

export interface StageDiff {
  name: string;
  change: Change;
  /** The old name, when the stage was renamed (same content under another name). */
  renamedFrom?: string;
  /** 1-based positions in the hop, when the stage moved relative to the others. */
  moved?: { from: number; to: number };
  /** Absent for a removed stage. */
  verdict?: Verdict;
  settings: SettingDiff[];
}

export interface HopDiff {
  domain: string;
  change: Change;
  moved?: { from: number; to: number };
  settings: SettingDiff[];
  stages: StageDiff[];
}

export interface RunDiff {
  id: string;
  change: Change;
  settings: SettingDiff[];
  hops: HopDiff[];
}

/** The model and seed matrix of one experiment. */
export interface ExperimentDiff {
  name: string;
  change: Change;
  settings: SettingDiff[];
}

export interface DiffSummary {
  runsAdded: number;
  runsChanged: number;
  runsRemoved: number;
  runsUnchanged: number;
  /** Stages of the new plan whose hash is not in the old plan. */
  stagesToRerun: number;
  /** Stages of the new plan whose hash is in the old plan. */
  stagesReusable: number;
}

/** One comparison: two plans, named as the user gave them. */
export interface PlanDiff {
  old: string;
  new: string;
  /** No run, hop, stage or setting differs (comments and formatting never count). */
  equal: boolean;
  summary: DiffSummary;
  experiments: ExperimentDiff[];
  runs: RunDiff[];
}

/** What `thtl diff --format json` prints: one comparison, or one per file with `--git`. */
export interface DiffDocument {
  diffVersion: typeof DIFF_FORMAT_VERSION;
  comparisons: PlanDiff[];
}
