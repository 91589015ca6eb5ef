import type { ModelLayout } from "../check/models.js";
import { selectorText } from "../check/selectors.js";
import type { StageTrace } from "../check/trainable.js";
import type { ModelSummary } from "../models/types.js";
import type { PlanAugment, PlanPartialGroup, PlanStage } from "../plan/types.js";
import { frozenPrefix } from "./frozen-prefix.js";
import type { Overrides } from "./overrides.js";
import { sha256 } from "../util/sha256.js";
import { canonicalJson } from "./hash.js";

type StageContent = Omit<PlanStage, "name" | "trainableParams" | "totalParams" | "frozenPrefix" | "hash">;

/** A stage of a run without its hash, which alone depends on the seed; `json` is its hashed part. */
export interface StageTemplate {
  stage: Omit<PlanStage, "hash">;
  json: string;
}

/**
 * A traced stage's content depends on nothing else, so the hops that share a schedule and a model
 * share it: one cache per plan.
 */
export type StageContents = Map<StageTrace, { content: StageContent; json: string }>;

/** Everything of a stage but its hash: the same for every seed of a run's model and hop. */
export function stageTemplate(
  trace: StageTrace,
  layout: ModelLayout,
  summary: ModelSummary,
  augment: PlanAugment[],
  contents: StageContents,
  overrides?: Pick<Overrides, "epochs" | "batch">,
): StageTemplate {
  let cached = contents.get(trace);
  if (!cached) contents.set(trace, (cached = contentOf(trace, overrides)));
  const { content, json } = cached;
  const {
    trainable,
    frozen,
    partial,
    epochs,
    batch,
    optimizer,
    lr,
    lrDecay,
    groupLr,
    weightDecay,
    batchnorm,
    earlyStop,
    keep,
  } = content;
  const stage = {
    name: trace.stage.name.value,
    trainable,
    frozen,
    partial,
    trainableParams: trainableParams(summary, trainable, partial),
    totalParams: summary.totalParams,
    ...{ epochs, batch, optimizer, lr, lrDecay, groupLr, weightDecay, batchnorm, earlyStop, keep },
    frozenPrefix: frozenPrefix(layout.groups, frozen, augment),
  };
  return { stage, json };
}

/**
 * A stage's hash. `upstreamJson` is the canonical JSON of what the stage starts from: the previous
 * stage's hash, or for the run's first stage a description of the init, model and seed; `hopHash`
 * the hash of the hop's data, classes, split, augmentation and normalisation. The stage's own name
 * is left out of its hash, so renaming a stage never forces a re-run.
 */
export function planStage(template: StageTemplate, hopHash: string, upstreamJson: string): PlanStage {
  // canonicalJson({ hop, scheme, stage, upstream }), with the stage's part computed once.
  const hash = sha256(
    `{"hop":${JSON.stringify(hopHash)},"scheme":"thtl-stage-1","stage":${template.json},"upstream":${upstreamJson}}`,
  );
  // Written out rather than spread: objects built from one literal share a shape, which keeps schema validation fast.
  const s = template.stage;
  return {
    name: s.name,
    trainable: s.trainable,
    frozen: s.frozen,
    partial: s.partial,
    trainableParams: s.trainableParams,
    totalParams: s.totalParams,
    epochs: s.epochs,
    batch: s.batch,
    optimizer: s.optimizer,
    lr: s.lr,
    lrDecay: s.lrDecay,
    groupLr: s.groupLr,
    weightDecay: s.weightDecay,
    batchnorm: s.batchnorm,
    earlyStop: s.earlyStop,
    keep: s.keep,
    frozenPrefix: s.frozenPrefix,
    hash,
  };
}

/** Built with its keys in sorted order, so that `canonicalJson` has nothing to sort. */
function contentOf(
  trace: StageTrace,
  overrides?: Pick<Overrides, "epochs" | "batch">,
): { content: StageContent; json: string } {
  const s = {
    ...trace.settings,
    epochs: overrides?.epochs ?? trace.settings.epochs,
    batch: overrides?.batch ?? trace.settings.batch,
  };
  const { trainable, frozen, partial } = trace.trainable.states();
  const content: StageContent = {
    batch: s.batch,
    batchnorm: s.batchnorm,
    earlyStop: s.earlyStop,
    epochs: s.epochs!,
    frozen,
    groupLr: trace.groupLr.map(({ setting, match }) => ({
      selector: selectorText(setting.selector),
      groups: match.groups,
      layers: setting.selector.kind === "GlobSelector" ? match.layers : [],
      lr: setting.value.value,
    })),
    keep: s.keep,
    lr: s.lr,
    lrDecay: s.lrDecay,
    optimizer: s.optimizer,
    partial,
    trainable,
    weightDecay: s.weightDecay,
  };
  return { content, json: canonicalJson(content) };
}

export function trainableParams(
  summary: ModelSummary,
  trainable: readonly string[],
  partial: readonly PlanPartialGroup[],
): number {
  let total = 0;
  for (const group of summary.groups) {
    if (trainable.includes(group.name)) total += group.params;
    const part = partial.find((p) => p.group === group.name);
    for (const layer of part ? group.layers : []) if (part!.layers.includes(layer.path)) total += layer.params;
  }
  return total;
}
