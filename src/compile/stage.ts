import type { ModelLayout } from "../check/models.js";
import { selectorText } from "../check/selectors.js";
import type { StageTrace } from "../check/trainable.js";
import type { ModelSummary } from "../models/types.js";
import type { PlanAugment, PlanPartialGroup, PlanStage } from "../plan/types.js";
import { frozenPrefix } from "./frozen-prefix.js";
import { canonicalJson, sha256 } from "./hash.js";

type StageContent = Omit<PlanStage, "name" | "trainableParams" | "totalParams" | "frozenPrefix" | "hash">;

/** A traced stage's content depends on nothing else, so runs that share a schedule and a model share it. */
const contents = new WeakMap<StageTrace, { content: StageContent; json: string }>();

/**
 * One stage of the plan. `upstream` is what the stage starts from: the previous stage's hash, or
 * for the run's first stage a description of the init, model and seed; `hopHash` the hash of the
 * hop's data, classes, split, augmentation and normalisation. The stage's own name is left out of
 * its hash, so renaming a stage never forces a re-run.
 */
export function planStage(trace: StageTrace, layout: ModelLayout, summary: ModelSummary, augment: PlanAugment[], upstream: unknown, hopHash: string): PlanStage {
  const { content, json } = contentOf(trace);
  // canonicalJson({ hop, scheme, stage, upstream }), with the stage's part computed once.
  const hash = sha256(`{"hop":${JSON.stringify(hopHash)},"scheme":"thtl-stage-1","stage":${json},"upstream":${canonicalJson(upstream)}}`);
  const { trainable, frozen, partial, epochs, batch, optimizer, lr, lrDecay, groupLr, weightDecay, batchnorm, earlyStop, keep } = content;
  return {
    name: trace.stage.name.value,
    trainable,
    frozen,
    partial,
    trainableParams: trainableParams(summary, trainable, partial),
    totalParams: summary.totalParams,
    ...{ epochs, batch, optimizer, lr, lrDecay, groupLr, weightDecay, batchnorm, earlyStop, keep },
    frozenPrefix: frozenPrefix(layout.groups, frozen, augment),
    hash,
  };
}

function contentOf(trace: StageTrace): { content: StageContent; json: string } {
  let cached = contents.get(trace);
  if (!cached) {
    const s = trace.settings;
    const content: StageContent = {
      ...trace.trainable.states(),
      epochs: s.epochs!,
      batch: s.batch,
      optimizer: s.optimizer,
      lr: s.lr,
      lrDecay: s.lrDecay,
      groupLr: trace.groupLr.map(({ setting, match }) => ({
        selector: selectorText(setting.selector),
        groups: match.groups,
        layers: setting.selector.kind === "GlobSelector" ? match.layers : [],
        lr: setting.value.value,
      })),
      weightDecay: s.weightDecay,
      batchnorm: s.batchnorm,
      earlyStop: s.earlyStop,
      keep: s.keep,
    };
    contents.set(trace, (cached = { content, json: canonicalJson(content) }));
  }
  return cached;
}

function trainableParams(summary: ModelSummary, trainable: readonly string[], partial: readonly PlanPartialGroup[]): number {
  let total = 0;
  for (const group of summary.groups) {
    if (trainable.includes(group.name)) total += group.params;
    const part = partial.find((p) => p.group === group.name);
    for (const layer of part ? group.layers : []) if (part!.layers.includes(layer.path)) total += layer.params;
  }
  return total;
}
