import type { CodeTable } from "./entry.js";

/**
 * THTL4000-4099: problems found while running a plan: weights that cannot be found or loaded,
 * training guards, and resumes that no longer match the plan. A run that hits one stops and is
 * recorded as failed (`run:end` carries the code and message); the next run goes on.
 */
export const RUNTIME_CODES = {
  THTL4000: {
    severity: "error",
    message:
      "cannot find the weights '{path}': it is not a .pth, .pt, .h5 or .safetensors file, a folder made by `thtl weights import` or a TensorFlow.js layers-model folder, and there is no '{path}.safetensors' (docs/weights.md shows the two ways to get weights: `thtl weights fetch` and `thtl weights import`)",
    example: 'a weights domain `weights "weights/{model}-imagenet"` whose folder was never converted',
  },
  THTL4001: {
    severity: "error",
    message:
      "cannot load '{file}': layer '{layer}' weight '{weight}' has shape [{found}] there but [{expected}] in the model",
    example: "weights saved from a ResNet18 of width 1 loaded into a `model` variant with `width 0.5`",
  },
  THTL4002: {
    severity: "error",
    message: "cannot read the weights '{file}': {reason}",
    example: "a `.safetensors` file cut off half-way through copying",
  },
  THTL4003: {
    severity: "error",
    message:
      "stage '{stage}' of {run} would train {actual} parameters but the plan says {planned}; the model and the plan disagree (recompile the plan with this version of thtl)",
    example: "a plan JSON compiled by another thtl release whose ResNet18 groups differ",
  },
  THTL4004: {
    severity: "error",
    message:
      "the training loss became {value} in epoch {epoch} of stage '{stage}' (hop {hop}, {domain}) of {run}; lower the learning rate (now {lr}) or check the data",
    example: "`stage all { train all; epochs 5; lr 10 }` with plain SGD",
  },
  THTL4005: {
    severity: "error",
    message:
      "the checkpoint of {run} (hop {hop}, stage '{stage}', epoch {epoch}) does not match the plan any more: the stage or something upstream of it changed; run without --resume and with --force to start this run over",
    example: "`thtl run exp.thtl --resume` after changing the interrupted stage's `lr`",
  },
  THTL4006: {
    severity: "error",
    message:
      "the checkpoint of {run} (hop {hop}, stage '{stage}', epoch {epoch}) trained groups [{saved}] with batch norm {savedModes} but the plan says [{planned}] with {plannedModes}; run without --resume and with --force to start this run over",
    example: "a checkpoint written by a thtl release that resolved `unfreeze layer4` differently",
  },
  THTL4007: {
    severity: "error",
    message:
      "the model's outputs on the {split} split became {value} {when} (hop {hop}, {domain}) of {run}: inference reads the batch-norm moving statistics, which can diverge while the training loss stays finite; lower the learning rate or check the data (a resumed run: start it over with --force)",
    example:
      "`stage all { train all; epochs 5; lr 3 }`: the training loss stays finite while the moving statistics diverge",
  },
  THTL4008: {
    severity: "error",
    message:
      "the checkpoint of {run} is damaged: '{file}' {reason}; nothing was trained from it; run without --resume and with --force to start this run over",
    example: "`thtl run exp.thtl --resume` after the interrupted run's `checkpoint/weights-*.bin` was overwritten",
  },
  THTL4020: {
    severity: "error",
    message:
      "cannot import '{file}' as {arch}: the model's layer '{layer}' ({path}) has no weights in the file, whose {count} tensors start with '{example}'; is it a file of another architecture?",
    example: "`thtl weights import vgg16-397923af.pth --arch resnet18`",
  },
  THTL4021: {
    severity: "error",
    message:
      "cannot import '{file}' as {arch}: its tensor '{tensor}' gives '{weight}' the shape [{found}] but the model's is [{expected}]; is it a file of another architecture or size?",
    example: "`thtl weights import resnet50-0676ba61.pth --arch resnet18` (same names, other shapes)",
  },
  THTL4022: {
    severity: "error",
    message:
      "cannot import '{file}' as {arch}: the file has weights for '{module}', which {arch} does not have; is it a file of another architecture?",
    example: "`thtl weights import resnet34-b627a593.pth --arch resnet18` (ResNet34 has more blocks)",
  },
  THTL4023: {
    severity: "error",
    message:
      "cannot download '{url}': {reason}; download it yourself (browser, curl) and put it at '{path}', then run the command again to check it, or import it from anywhere with `thtl weights import FILE --arch {arch}`",
    example: "`thtl weights fetch resnet18 --from torchvision` on a machine without internet access",
  },
  THTL4024: {
    severity: "error",
    message:
      "the download of '{url}' has the {algorithm} {actual}, not the published {expected}: it is damaged or not the official file, so it was deleted; run the command again",
    example: "a proxy that answered with an error page instead of the file",
  },
} as const satisfies CodeTable;
