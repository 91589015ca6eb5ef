import type { CheckContext } from "../check/index.js";
import type { ExperimentInfo, Hop } from "../check/experiments.js";
import { resolveInput } from "../check/input.js";
import type { ResolvedModel } from "../check/models.js";
import { trainableParams } from "../compile/stage.js";
import type { StageDecl } from "../language/ast.js";
import type { ModelSummary } from "../models/types.js";

export const count = (n: number) => n.toLocaleString("en-US");

/** One decimal, or two below 1%, as `thtl explain` prints shares. */
export function percent(part: number, whole: number): string {
  const value = (100 * part) / whole;
  return `${value.toFixed(value < 1 ? 2 : 1)}%`;
}

/**
 * A model's groups and parameter counts as an experiment builds it for a hop: its width and
 * dropout, the experiment's input and the hop's classes (the first data hop's without one).
 * Undefined when the options are out of range (the checker reports why).
 */
export function summaryFor(
  context: CheckContext,
  experiment: ExperimentInfo,
  model: ResolvedModel,
  hop?: Hop,
): ModelSummary | undefined {
  const domain = (hop ?? experiment.hops.find((h) => h.domain))?.domain;
  const classes = domain && context.classesOf(domain);
  const classCount = classes && "classes" in classes ? classes.classes.length : 2;
  try {
    return model.arch.describe({
      width: model.width,
      input: resolveInput(experiment, model),
      classes: Math.max(1, classCount),
      dropout: model.dropout,
    });
  } catch {
    return undefined;
  }
}

/** What a stage trains in one model of one experiment: the groups and their parameters. */
export interface StageSize {
  model: string;
  trainable: string[];
  partial: string[];
  params: number;
  total: number;
}

/** The stage as each model that runs it sees it, once per model and count. */
export function stageSizes(context: CheckContext, stage: StageDecl): StageSize[] {
  const sizes: StageSize[] = [];
  const seen = new Set<string>();
  for (const use of context.scheduleUses()) {
    const index = use.schedule.node.stages.indexOf(stage);
    const trace = use.stages[index];
    if (!trace) continue;
    const summary = summaryFor(context, use.experiment, use.model, use.hop);
    if (!summary) continue;
    const { trainable, partial } = trace.trainable.states();
    const size = {
      model: use.model.name,
      trainable,
      partial: partial.map((p) => p.group),
      params: trainableParams(summary, trainable, partial),
      total: summary.totalParams,
    };
    const key = `${size.model} ${size.params} ${size.total}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sizes.push(size);
  }
  return sizes;
}
