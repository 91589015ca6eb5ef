import { selectorText } from "../check/selectors.js";
import { BUILT_IN, resolveSettings, type ResolvedSettings } from "../check/settings.js";
import { formatLr } from "../compile/explain.js";
import type { DefaultsBlock, InlineSchedule, ScheduleDecl, Setting, StageDecl } from "../language/ast.js";

type SettingKind = Setting["kind"];

/** What each setting is, its built-in default and how to read its effective value. */
const SETTINGS: Record<
  SettingKind,
  { word: string; what: string; builtIn: string; value: (s: ResolvedSettings) => string }
> = {
  Epochs: {
    word: "epochs",
    what: "passes over the training split",
    builtIn: "none: every stage needs one",
    value: (s) => (s.epochs === undefined ? "not set (an error)" : String(s.epochs)),
  },
  Batch: {
    word: "batch",
    what: "images per training step",
    builtIn: String(BUILT_IN.batch),
    value: (s) => String(s.batch),
  },
  Optimizer: {
    word: "optimizer",
    what: "the update rule",
    builtIn: BUILT_IN.optimizer,
    value: (s) => (s.optimizer.name === "sgd" ? `sgd momentum ${s.optimizer.momentum}` : s.optimizer.name),
  },
  Lr: {
    word: "lr",
    what: "the base learning rate and its decay",
    builtIn: `${formatLr(BUILT_IN.lr)}, constant`,
    value: lrText,
  },
  GroupLr: {
    word: "lr SELECTOR",
    what: "a learning rate for some groups",
    builtIn: "none: every group uses the base rate",
    value: (s) => s.groupLr.map((g) => `${selectorText(g.selector)} ${g.value.raw}`).join(", ") || "none",
  },
  WeightDecay: {
    word: "weight_decay",
    what: "L2 penalty on the weights",
    builtIn: String(BUILT_IN.weightDecay),
    value: (s) => String(s.weightDecay),
  },
  Batchnorm: {
    word: "batchnorm",
    what: "whether batch-norm statistics update while training",
    builtIn: BUILT_IN.batchnorm,
    value: (s) => s.batchnorm,
  },
  EarlyStop: {
    word: "early_stop",
    what: "stop when a validation metric stops improving",
    builtIn: "off",
    value: (s) => (s.earlyStop ? `${s.earlyStop.metric} patience ${s.earlyStop.patience}` : "off"),
  },
  Keep: {
    word: "keep",
    what: "which epoch's weights the stage ends with",
    builtIn: BUILT_IN.keep,
    value: (s) => s.keep,
  },
};

function lrText(s: ResolvedSettings): string {
  const decay = s.lrDecay.kind === "step" ? `step ${s.lrDecay.every} ${s.lrDecay.factor}` : s.lrDecay.kind;
  return `${formatLr(s.lr)}, ${decay}`;
}

/**
 * A setting: what it does, its built-in default and its effective value after precedence (the
 * stage's own, else the schedule's `defaults`, else built-in); on a `defaults` setting, the value
 * each stage ends up with.
 */
export function settingHover(
  setting: Setting,
  schedule: ScheduleDecl | InlineSchedule,
  owner: StageDecl | DefaultsBlock,
): string {
  const info = SETTINGS[setting.kind];
  const lines = [`**\`${info.word}\`**: ${info.what}`, "", `- built-in default: ${info.builtIn}`];
  const stages = owner.kind === "Stage" ? [owner] : schedule.stages;
  for (const stage of stages) {
    const settings = resolveSettings(schedule.defaults, stage);
    lines.push(
      `- effective in stage \`${stage.name.value}\`: ${info.value(settings)}${origin(setting.kind, schedule.defaults, stage)}`,
    );
  }
  return lines.join("\n");
}

function origin(kind: SettingKind, defaults: DefaultsBlock | undefined, stage: StageDecl): string {
  if (kind === "GroupLr") return "";
  if (stage.statements.some((s) => s.kind === kind)) return " (set in the stage)";
  if (defaults?.settings.some((s) => s.kind === kind)) return " (from `defaults`)";
  return " (built-in)";
}
