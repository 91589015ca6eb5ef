/**
 * The execution plan: what `thtl compile` writes, what the runtime executes and what `thtl diff`
 * compares. It is fully resolved (no defaults left to apply, no selectors left to match) and is
 * validated against `schema/plan.schema.json` before it is written or run; a test keeps this type
 * and that schema in agreement.
 *
 * Keys marked FIXED are read by other tools and never change meaning.
 */

export interface Plan {
  /** The plan format's version; a format that changes meaning gets a new number. */
  planVersion: 1;
  /** The thtl release that compiled the plan. */
  compiler: string;
  /** The compiled file and every file it imports, relative to the compiled file's folder, with content hashes. */
  sources: { path: string; sha256: string }[];
  runs: PlanRun[]; // FIXED
}

export interface PlanRun {
  /** `EXPERIMENT/MODEL/seedN`. FIXED */
  id: string;
  experiment: string;
  /** The model as written in `models` (an architecture or a `model` variant). FIXED */
  model: string;
  architecture: PlanArchitecture;
  /** FIXED */
  seed: number;
  /** Where the weights start from. FIXED */
  init: PlanInit;
  /** The resolved input size of every hop of the chain (spec section 5). */
  input: ImageSize;
  hops: PlanHop[]; // FIXED
  /**
   * LayerCAM maps of this many validation images after every stage (the experiment's `cam N`);
   * absent for none. Not in any stage hash: maps do not change what trains.
   */
  cam?: number;
  /** `--set KEY=VALUE` items the plan was compiled with (absent when none); their effects are in the values above. */
  overrides?: string[];
}

export interface PlanArchitecture {
  /** Catalogue name: `resnet18`, `vgg16`, ... */
  arch: string;
  /** Which framework's build of the architecture (docs/models.md): from the weights the chain starts from, else the architecture's default. */
  variant: "torchvision" | "keras";
  /** Channel multiplier. */
  width: number;
  /** Dropout rate before the classifier (0 for none). */
  dropout: number;
  /** Group names in model order, ending in `head`. */
  groups: string[];
}

export type PlanInit =
  | { kind: "scratch" }
  /** `path` has `{model}` substituted and is relative to the compiled file's folder. */
  | { kind: "weights"; domain: string; path: string };

export interface ImageSize {
  height: number;
  width: number;
  /** 3 for `rgb`, 1 for `grayscale`. */
  channels: 1 | 3;
}

export interface PlanHop {
  /** The data domain's name. FIXED */
  domain: string;
  data: PlanData;
  /** Class names in label order. FIXED */
  classes: string[];
  /** The class whose recall and precision reports single out, if any. */
  positive: string | null;
  /** Whether this hop starts with a new classifier or keeps the previous hop's. FIXED */
  head: "new" | "kept";
  split: PlanSplit;
  augment: PlanAugment[];
  /** Per-channel normalisation applied to pixels scaled to [0, 1]. */
  normalization: PlanNormalization;
  stages: PlanStage[]; // FIXED
}

export type PlanData =
  /** `path` is relative to the compiled file's folder. */
  | { kind: "imagefolder"; path: string }
  | { kind: "csv"; path: string; root: string }
  | { kind: "synth"; synth: "fundus" | "larynx" | "natural"; count: number };

export interface PlanSplit {
  /** Percentages; `test` is 0 for a two-way split. */
  train: number;
  val: number;
  test: number;
  seed: number;
}

export type PlanAugment =
  | { kind: "hflip" }
  | { kind: "vflip" }
  | { kind: "rotate"; degrees: number }
  | { kind: "crop"; fraction: number }
  | { kind: "jitter"; amount: number };

export interface PlanNormalization {
  mean: number[];
  std: number[];
  /**
   * Why these values, as the weights' framework preprocesses: `imagenet` (ImageNet mean and std:
   * torchvision, Keras DenseNet and EfficientNet), `caffe` (Keras ResNet50, VGG16: BGR, mean
   * subtracted in 0-255 units), `tf` (scaled to [-1, 1]: Keras MobileNetV2, InceptionV3, Xception,
   * and torchvision InceptionV3 with its `transform_input`), `none` (from scratch: pixels in [0, 1]).
   */
  source: "imagenet" | "caffe" | "tf" | "none";
  /** Channel order the network reads; absent means RGB. */
  order?: "rgb" | "bgr";
}

export type PlanOptimizer =
  { name: "sgd"; momentum: number } | { name: "adam" } | { name: "adamw" } | { name: "rmsprop" };

export type PlanLrDecay = { kind: "constant" } | { kind: "cosine" } | { kind: "step"; every: number; factor: number };

/** `lr SEL X`: the groups and layer paths one selector matched, and their learning rate. */
export interface PlanGroupLr {
  selector: string;
  groups: string[];
  layers: string[];
  lr: number;
}

/** A group of which only some layers are trainable (glob selectors). */
export interface PlanPartialGroup {
  group: string;
  /** Trainable layer paths within the group, in model order. */
  layers: string[];
}

/**
 * Frozen-prefix caching: the groups at the input end that stay frozen for the whole stage. When
 * `cacheable`, the runtime may compute their output once per dataset instead of once per epoch.
 */
export interface PlanFrozenPrefix {
  groups: string[];
  cacheable: boolean;
  /** Why it is or is not cacheable, in one sentence. */
  reason: string;
}

export interface PlanStage {
  /** FIXED */
  name: string;
  /** Groups whose every layer is trainable, in model order. FIXED */
  trainable: string[];
  /** Groups with no trainable layer, in model order. FIXED */
  frozen: string[];
  /** Groups with some trainable layers (only from glob selectors); in neither list above. */
  partial: PlanPartialGroup[];
  /** FIXED */
  trainableParams: number;
  /** FIXED */
  totalParams: number;
  /** FIXED */
  epochs: number;
  /** FIXED */
  batch: number;
  /** FIXED */
  optimizer: PlanOptimizer;
  /** Base learning rate. FIXED */
  lr: number;
  lrDecay: PlanLrDecay;
  groupLr: PlanGroupLr[];
  weightDecay: number;
  /** Batch norm inside trainable groups; batch norm in frozen groups always runs in inference mode. FIXED */
  batchnorm: "train" | "frozen";
  /** FIXED */
  earlyStop: { metric: "val_loss" | "val_acc" | "val_f1" | "val_recall"; patience: number } | null;
  /** FIXED */
  keep: "best" | "last";
  frozenPrefix: PlanFrozenPrefix;
  /**
   * sha256 (hex) over everything this stage's result depends on: its own settings and trainable
   * set, every upstream stage's hash (or the init), the hop's data, classes, split and
   * augmentation, the model and the seed. FIXED
   */
  hash: string;
}
