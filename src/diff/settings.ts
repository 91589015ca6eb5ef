import type { PlanAugment, PlanData, PlanHop, PlanInit, PlanRun, PlanStage } from "../plan/types.js";
import type { SettingValue } from "./types.js";

/**
 * The settings `thtl diff` compares, as the `.thtl` author wrote them rather than as the plan
 * stores them (`optimizer sgd momentum 0.9`, not an object), in the order a reader expects.
 * Values a plan derives from others (a stage's frozen groups, its frozen-prefix caching, the
 * architecture's group list) are left out: they would repeat a change already shown.
 */
export type Settings = [key: string, value: SettingValue][];

export function runSettings(run: PlanRun): Settings {
  const { arch, variant, width, dropout } = run.architecture;
  const settings: Settings = [
    ["model", run.model],
    [
      "architecture",
      `${arch}${variant ? ` ${variant}` : ""} width ${formatNumber(width)} dropout ${formatNumber(dropout)}`,
    ],
    ["seed", run.seed],
    ["init", describeInit(run.init)],
    ["input", `${run.input.height}x${run.input.width} ${run.input.channels === 1 ? "grayscale" : "rgb"}`],
  ];
  // Only plans compiled with `--set` have them, so plans without keep their settings as before.
  if (run.overrides) settings.push(["overrides", run.overrides]);
  return settings;
}

export function hopSettings(hop: PlanHop): Settings {
  const { mean, std, source, order } = hop.normalization;
  return [
    ["data", describeData(hop.data)],
    ["classes", hop.classes],
    ["positive", hop.positive],
    ["classifier", hop.head],
    ["split", describeSplit(hop)],
    ["augment", hop.augment.map(describeAugment)],
    [
      "normalization",
      `${source}${order === "bgr" ? " bgr" : ""} mean ${mean.map(formatNumber).join(",")} std ${std.map(formatNumber).join(",")}`,
    ],
  ];
}

/** A stage's settings, with one `lr SELECTOR` entry per selector learning rate. */
export function stageSettings(stage: PlanStage): Settings {
  const settings: Settings = [
    ["trainable", stage.trainable],
    ["partial", stage.partial.flatMap((p) => p.layers)],
    ["epochs", stage.epochs],
    ["batch", stage.batch],
    [
      "optimizer",
      stage.optimizer.name === "sgd" ? `sgd momentum ${formatNumber(stage.optimizer.momentum)}` : stage.optimizer.name,
    ],
    ["lr", formatNumber(stage.lr)],
    ["lr decay", describeDecay(stage)],
  ];
  for (const group of stage.groupLr) settings.push([`lr ${group.selector}`, formatNumber(group.lr)]);
  settings.push(
    ["weight decay", formatNumber(stage.weightDecay)],
    ["batchnorm", stage.batchnorm],
    ["early stop", stage.earlyStop ? `${stage.earlyStop.metric} patience ${stage.earlyStop.patience}` : null],
    ["keep", stage.keep],
    ["trainable params", stage.trainableParams],
  );
  return settings;
}

/** Learning rates read best as written: `1e-4`, `5e-4`, `0.1`. */
export function formatNumber(value: number): string {
  if (value !== 0 && Math.abs(value) < 0.01)
    return value
      .toExponential()
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  return String(value);
}

function describeInit(init: PlanInit): string {
  return init.kind === "scratch" ? "scratch" : `${init.domain} weights "${init.path}"`;
}

function describeData(data: PlanData): string {
  switch (data.kind) {
    case "imagefolder":
      return `imagefolder "${data.path}"`;
    case "csv":
      return `csv "${data.path}" root "${data.root}"`;
    case "synth":
      return `synth ${data.synth} ${data.count}`;
  }
}

function describeSplit(hop: PlanHop): string {
  const { train, val, test, seed } = hop.split;
  return `${[train, val, ...(test > 0 ? [test] : [])].join("/")} seed ${seed}`;
}

function describeAugment(augment: PlanAugment): string {
  switch (augment.kind) {
    case "hflip":
    case "vflip":
      return augment.kind;
    case "rotate":
      return `rotate ${augment.degrees}`;
    case "crop":
      return `crop ${formatNumber(augment.fraction)}`;
    case "jitter":
      return `jitter ${formatNumber(augment.amount)}`;
  }
}

function describeDecay(stage: PlanStage): string {
  const decay = stage.lrDecay;
  return decay.kind === "step" ? `step ${decay.every} ${formatNumber(decay.factor)}` : decay.kind;
}
