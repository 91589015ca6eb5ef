import type * as A from "./ast.js";
import { printNumber as num, printSelector, printSize, printString as str } from "./print-literals.js";

/** One statement as one line of text, without indentation. Chains are laid out by the printer. */
export type SimpleStatement = Exclude<
  A.DomainStatement | A.ModelStatement | A.StageStatement | A.ExperimentStatement,
  A.ChainStmt
>;

const list = (items: string[]) => items.join(", ");
const opt = (prefix: string, part: string | undefined) => (part === undefined ? "" : ` ${prefix}${part}`);

export function statementText(s: SimpleStatement): string {
  switch (s.kind) {
    case "Weights":
      return `weights ${str(s.path)}`;
    case "Data":
      if (s.source === "imagefolder") return `data imagefolder ${str(s.path)}`;
      if (s.source === "csv") return `data csv ${str(s.path)}${opt("root ", s.root && str(s.root))}`;
      return `data synth ${s.synthKind.value} ${num(s.count)}`;
    case "Classes":
      return `classes ${list(s.names.map((n) => n.value))}`;
    case "Positive":
      return `positive ${s.name.value}`;
    case "Split":
      return `split ${s.parts.map(num).join("/")}${opt("seed ", s.seed && num(s.seed))}`;
    case "Image":
      return `image ${printSize(s.size)}${opt("", s.mode)}`;
    case "Augment":
      return `augment ${list(s.items.map((i) => `${i.name.value}${opt("", i.argument && num(i.argument))}`))}`;
    case "Arch":
      return `arch ${s.arch.value}${opt("", s.variant?.value)}`;
    case "Width":
      return `width ${num(s.value)}`;
    case "Input":
      return `input ${printSize(s.size)}`;
    case "Dropout":
      return `dropout ${num(s.value)}`;
    case "Models":
      return `models ${list(s.names.map((n) => n.value))}`;
    case "Seeds":
      return `seeds ${list(s.values.map(num))}`;
    case "Cam":
      return `cam ${num(s.images)}`;
    case "Trainable":
      return `${s.op} ${list(s.selectors.map(printSelector))}`;
    default:
      return settingText(s);
  }
}

function settingText(s: A.Setting): string {
  switch (s.kind) {
    case "Epochs":
      return `epochs ${num(s.value)}`;
    case "Batch":
      return `batch ${num(s.value)}`;
    case "Optimizer":
      return `optimizer ${s.name.value}${opt("momentum ", s.momentum && num(s.momentum))}`;
    case "Lr":
      return `lr ${num(s.value)}${opt("", s.decay && decayText(s.decay))}`;
    case "GroupLr":
      return `lr ${printSelector(s.selector)} ${num(s.value)}`;
    case "WeightDecay":
      return `weight_decay ${num(s.value)}`;
    case "Batchnorm":
      return `batchnorm ${s.mode}`;
    case "EarlyStop":
      return `early_stop ${s.metric.value} patience ${num(s.patience)}`;
    case "Keep":
      return `keep ${s.which}`;
  }
}

function decayText(decay: A.LrDecay): string {
  return decay.kind === "cosine" ? "cosine" : `step ${num(decay.every)} ${num(decay.factor)}`;
}
