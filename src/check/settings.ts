import type { DefaultsBlock, GroupLrSetting, Setting, StageDecl } from "../language/ast.js";
import type { PlanLrDecay, PlanOptimizer, PlanStage } from "../plan/types.js";

/** A stage's settings after precedence (stage, then the schedule's `defaults`, then built-in). */
export interface ResolvedSettings {
  /** Undefined when neither the stage nor `defaults` sets it (an error). */
  epochs: number | undefined;
  batch: number;
  optimizer: PlanOptimizer;
  lr: number;
  lrDecay: PlanLrDecay;
  weightDecay: number;
  batchnorm: PlanStage["batchnorm"];
  earlyStop: PlanStage["earlyStop"];
  keep: PlanStage["keep"];
  /** `lr SEL X` of `defaults`, then of the stage: later entries override earlier ones. */
  groupLr: GroupLrSetting[];
}

/** The built-in defaults of spec section 3. */
export const BUILT_IN = {
  batch: 32,
  optimizer: "adam",
  lr: 1e-3,
  weightDecay: 0,
  batchnorm: "train",
  keep: "last",
} as const;

export function resolveSettings(defaults: DefaultsBlock | undefined, stage: StageDecl): ResolvedSettings {
  // One pass over the statements rather than a search per setting: this runs for every stage of every schedule.
  const firsts: Partial<Record<Setting["kind"], Setting>> = {};
  const groupLr: GroupLrSetting[] = [];
  for (const s of defaults?.settings ?? []) {
    firsts[s.kind] ??= s;
    if (s.kind === "GroupLr") groupLr.push(s);
  }
  const stageFirsts: Partial<Record<Setting["kind"], Setting>> = {};
  for (const s of stage.statements) {
    if (s.kind === "Trainable") continue;
    stageFirsts[s.kind] ??= s;
    if (s.kind === "GroupLr") groupLr.push(s);
  }
  const pick = <K extends Setting["kind"]>(kind: K) =>
    (stageFirsts[kind] ?? firsts[kind]) as Extract<Setting, { kind: K }> | undefined;
  const optimizer = pick("Optimizer");
  const lr = pick("Lr");
  const earlyStop = pick("EarlyStop");
  return {
    epochs: pick("Epochs")?.value.value,
    batch: pick("Batch")?.value.value ?? BUILT_IN.batch,
    optimizer: planOptimizer(optimizer?.name.value ?? BUILT_IN.optimizer, optimizer?.momentum?.value),
    lr: lr?.value.value ?? BUILT_IN.lr,
    lrDecay: !lr?.decay
      ? { kind: "constant" }
      : lr.decay.kind === "cosine"
        ? { kind: "cosine" }
        : { kind: "step", every: lr.decay.every.value, factor: lr.decay.factor.value },
    weightDecay: pick("WeightDecay")?.value.value ?? BUILT_IN.weightDecay,
    batchnorm: pick("Batchnorm")?.mode ?? BUILT_IN.batchnorm,
    earlyStop: earlyStop
      ? {
          metric: earlyStop.metric.value as NonNullable<PlanStage["earlyStop"]>["metric"],
          patience: earlyStop.patience.value,
        }
      : null,
    keep: pick("Keep")?.which ?? BUILT_IN.keep,
    groupLr,
  };
}

/** Names are checked by `known-optimizers`; an unknown one never reaches a plan. */
function planOptimizer(name: string, momentum: number | undefined): PlanOptimizer {
  if (name === "sgd") return { name: "sgd", momentum: momentum ?? 0 };
  return { name: name as "adam" | "adamw" | "rmsprop" };
}
