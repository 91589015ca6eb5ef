/**
 * The abstract syntax tree of a `.thtl` file. Every node carries the span of source it came from,
 * so that diagnostics, the formatter and `thtl diff` can point back at the text.
 *
 * Under error recovery the parser may leave parts out: optional fields are absent rather than
 * filled with placeholders, and a node whose essential part is missing is dropped.
 */

import type { Span } from "../diagnostics/location.js";

export type { Position, Span } from "../diagnostics/location.js";

interface NodeBase {
  span: Span;
}

export interface Name extends NodeBase {
  kind: "Name";
  value: string;
}

export interface NumberLiteral extends NodeBase {
  kind: "Number";
  value: number;
  /** The text as written (`1e-4`), which the formatter normalises but never re-derives from `value`. */
  raw: string;
}

export interface StringLiteral extends NodeBase {
  kind: "String";
  /** The value with escapes resolved. */
  value: string;
}

export interface SizeLiteral extends NodeBase {
  kind: "Size";
  height: number;
  width: number;
}

export interface Comment extends NodeBase {
  kind: "Comment";
  /** The text after `#`, without the line break. */
  text: string;
}

export interface Document extends NodeBase {
  kind: "Document";
  /** The path the source was read from, as given to the parser. */
  file: string;
  version?: NumberLiteral;
  declarations: Declaration[];
  /** Every comment in the file, in source order; the formatter re-attaches them by position. */
  comments: Comment[];
}

export type Declaration = ImportDecl | DomainDecl | ModelDecl | ScheduleDecl | ExperimentDecl;

export interface ImportDecl extends NodeBase {
  kind: "Import";
  path: StringLiteral;
}

// ---------------------------------------------------------------------------------------------
// domain

export interface DomainDecl extends NodeBase {
  kind: "Domain";
  name: Name;
  statements: DomainStatement[];
}

export type DomainStatement = WeightsStmt | DataStmt | ClassesStmt | PositiveStmt | SplitStmt | ImageStmt | AugmentStmt;

export interface WeightsStmt extends NodeBase {
  kind: "Weights";
  path: StringLiteral;
}

export type DataStmt = ImageFolderData | CsvData | SynthData;

export interface ImageFolderData extends NodeBase {
  kind: "Data";
  source: "imagefolder";
  path: StringLiteral;
}

export interface CsvData extends NodeBase {
  kind: "Data";
  source: "csv";
  path: StringLiteral;
  root?: StringLiteral;
}

export interface SynthData extends NodeBase {
  kind: "Data";
  source: "synth";
  /** `fundus`, `larynx` or `natural`; any name parses, the checker rejects unknown ones. */
  synthKind: Name;
  count: NumberLiteral;
}

export interface ClassesStmt extends NodeBase {
  kind: "Classes";
  names: Name[];
}

export interface PositiveStmt extends NodeBase {
  kind: "Positive";
  name: Name;
}

export interface SplitStmt extends NodeBase {
  kind: "Split";
  /** Two or three whole numbers as written in the ratio (`70/15/15`). */
  parts: NumberLiteral[];
  seed?: NumberLiteral;
}

export interface ImageStmt extends NodeBase {
  kind: "Image";
  size: SizeLiteral;
  mode?: "rgb" | "grayscale";
}

export interface AugmentStmt extends NodeBase {
  kind: "Augment";
  items: AugmentItem[];
}

export interface AugmentItem extends NodeBase {
  kind: "AugmentItem";
  /** `hflip`, `vflip`, `rotate`, `crop`, `jitter`; any name parses, the checker rejects unknown ones. */
  name: Name;
  argument?: NumberLiteral;
}

// ---------------------------------------------------------------------------------------------
// model

export interface ModelDecl extends NodeBase {
  kind: "Model";
  name: Name;
  statements: ModelStatement[];
}

export type ModelStatement = ArchStmt | WidthStmt | InputStmt | DropoutStmt;

export interface ArchStmt extends NodeBase {
  kind: "Arch";
  arch: Name;
  /** `torchvision` or `keras`: which framework's build of the architecture (docs/models.md). */
  variant?: Name;
}

export interface WidthStmt extends NodeBase {
  kind: "Width";
  value: NumberLiteral;
}

/** `input HxW`, in a model or an experiment. */
export interface InputStmt extends NodeBase {
  kind: "Input";
  size: SizeLiteral;
}

export interface DropoutStmt extends NodeBase {
  kind: "Dropout";
  value: NumberLiteral;
}

// ---------------------------------------------------------------------------------------------
// schedule

export interface ScheduleDecl extends NodeBase {
  kind: "Schedule";
  name: Name;
  defaults?: DefaultsBlock;
  stages: StageDecl[];
}

export interface DefaultsBlock extends NodeBase {
  kind: "Defaults";
  settings: Setting[];
}

export interface StageDecl extends NodeBase {
  kind: "Stage";
  name: Name;
  statements: StageStatement[];
}

export type StageStatement = TrainableStmt | Setting;

/** `train`, `unfreeze` or `freeze` with its selectors, applied in source order. */
export interface TrainableStmt extends NodeBase {
  kind: "Trainable";
  op: "train" | "unfreeze" | "freeze";
  selectors: Selector[];
}

export type Selector = AllSelector | HeadSelector | GroupSelector | RangeSelector | LastSelector | GlobSelector;

export interface AllSelector extends NodeBase {
  kind: "AllSelector";
}

export interface HeadSelector extends NodeBase {
  kind: "HeadSelector";
}

export interface GroupSelector extends NodeBase {
  kind: "GroupSelector";
  name: Name;
}

export interface RangeSelector extends NodeBase {
  kind: "RangeSelector";
  from: Name;
  to: Name;
}

export interface LastSelector extends NodeBase {
  kind: "LastSelector";
  count: NumberLiteral;
}

export interface GlobSelector extends NodeBase {
  kind: "GlobSelector";
  pattern: StringLiteral;
}

export type Setting =
  | EpochsSetting
  | BatchSetting
  | OptimizerSetting
  | LrSetting
  | GroupLrSetting
  | WeightDecaySetting
  | BatchnormSetting
  | EarlyStopSetting
  | KeepSetting;

export interface EpochsSetting extends NodeBase {
  kind: "Epochs";
  value: NumberLiteral;
}

export interface BatchSetting extends NodeBase {
  kind: "Batch";
  value: NumberLiteral;
}

export interface OptimizerSetting extends NodeBase {
  kind: "Optimizer";
  /** `sgd`, `adam`, `adamw`, `rmsprop`; any name parses, the checker rejects unknown ones. */
  name: Name;
  momentum?: NumberLiteral;
}

export type LrDecay =
  { kind: "cosine"; span: Span } | { kind: "step"; span: Span; every: NumberLiteral; factor: NumberLiteral };

export interface LrSetting extends NodeBase {
  kind: "Lr";
  value: NumberLiteral;
  decay?: LrDecay;
}

/** `lr SEL X`: a learning rate for the groups one selector matches. */
export interface GroupLrSetting extends NodeBase {
  kind: "GroupLr";
  selector: Selector;
  value: NumberLiteral;
}

export interface WeightDecaySetting extends NodeBase {
  kind: "WeightDecay";
  value: NumberLiteral;
}

export interface BatchnormSetting extends NodeBase {
  kind: "Batchnorm";
  mode: "train" | "frozen";
}

export interface EarlyStopSetting extends NodeBase {
  kind: "EarlyStop";
  /** `val_loss`, `val_acc`, `val_f1`, `val_recall`; any name parses, the checker rejects unknown ones. */
  metric: Name;
  patience: NumberLiteral;
}

export interface KeepSetting extends NodeBase {
  kind: "Keep";
  which: "best" | "last";
}

// ---------------------------------------------------------------------------------------------
// experiment

export interface ExperimentDecl extends NodeBase {
  kind: "Experiment";
  name: Name;
  statements: ExperimentStatement[];
}

export type ExperimentStatement = ModelsStmt | SeedsStmt | InputStmt | ChainStmt | CamStmt;

export interface ModelsStmt extends NodeBase {
  kind: "Models";
  names: Name[];
}

export interface SeedsStmt extends NodeBase {
  kind: "Seeds";
  values: NumberLiteral[];
}

/** `cam N`: keep LayerCAM maps of N validation images after every stage. */
export interface CamStmt extends NodeBase {
  kind: "Cam";
  images: NumberLiteral;
}

export interface ChainStmt extends NodeBase {
  kind: "Chain";
  /** `scratch` or a weights domain's name. */
  start: Name;
  links: ChainLink[];
}

export interface ChainLink extends NodeBase {
  kind: "ChainLink";
  domain: Name;
  schedule: Name | InlineSchedule;
}

/** `with { stage ... }`: an anonymous schedule written in place. */
export interface InlineSchedule extends NodeBase {
  kind: "InlineSchedule";
  defaults?: DefaultsBlock;
  stages: StageDecl[];
}
