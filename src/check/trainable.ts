import type { GroupLrSetting, Selector, StageDecl, TrainableStmt } from "../language/ast.js";
import type { ResolvedSchedule } from "./experiments.js";
import { groupOfLayer, type ModelLayout } from "./models.js";
import { matchSelector, type SelectorMatch } from "./selectors.js";
import { resolveSettings, type ResolvedSettings } from "./settings.js";
import { TrainableSet } from "./trainable-set.js";

/** One selector of a `train`, `unfreeze` or `freeze` statement, as applied. */
export interface SelectorUse {
  op: TrainableStmt["op"];
  selector: Selector;
  match: SelectorMatch;
  /** The groups it touched, when it changed nothing (unfreeze of trainable, freeze of frozen). */
  noEffect?: string[];
}

/** A stage of a schedule traced through one model. */
export interface StageTrace {
  stage: StageDecl;
  settings: ResolvedSettings;
  /** What is trainable after the stage's statements. */
  trainable: TrainableSet;
  uses: SelectorUse[];
  groupLr: { setting: GroupLrSetting; match: SelectorMatch }[];
  /** Whether a selector of the stage failed to match (so an empty set is not reported twice). */
  failed: boolean;
}

/**
 * Applies each stage's `train` / `unfreeze` / `freeze` statements in order, starting from the
 * previous stage's set (empty at the start of the schedule, as at the start of every hop).
 */
export function traceSchedule(schedule: ResolvedSchedule, layout: ModelLayout): StageTrace[] {
  let trainable = new TrainableSet(layout);
  return schedule.node.stages.map((stage) => {
    trainable = trainable.clone();
    const uses: SelectorUse[] = [];
    for (const statement of stage.statements) {
      if (statement.kind !== "Trainable") continue;
      const matches = statement.selectors.map((selector) => ({ selector, match: matchSelector(selector, layout) }));
      if (statement.op === "train") trainable.clear();
      for (const { selector, match } of matches) {
        const unchanged =
          statement.op === "unfreeze" ? trainable.hasAll(match) : statement.op === "freeze" && !trainable.hasAny(match);
        uses.push({
          op: statement.op,
          selector,
          match,
          ...(unchanged && !match.problem && { noEffect: touched(match, layout) }),
        });
        if (statement.op === "freeze") trainable.remove(match);
        else trainable.add(match);
      }
    }
    const settings = resolveSettings(schedule.node.defaults, stage);
    const groupLr = settings.groupLr.map((setting) => ({ setting, match: matchSelector(setting.selector, layout) }));
    return { stage, settings, trainable, uses, groupLr, failed: uses.some((use) => use.match.problem) };
  });
}

/** The groups a match covers, in model order. */
export function touched(match: SelectorMatch, layout: ModelLayout): string[] {
  const groups = new Set([...match.groups, ...match.layers.map(groupOfLayer)]);
  return layout.groups.filter((group) => groups.has(group));
}
