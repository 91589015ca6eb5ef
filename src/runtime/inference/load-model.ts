import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { ImageSize, Plan, PlanNormalization } from "../../plan/types.js";
import { buildModel, runBuildOptions } from "../models/build.js";
import { batchNormClass } from "../models/batchnorm.js";
import type { TfNamespace } from "../tf.js";
import { applyNamedWeights } from "../weights/apply.js";
import { readLayersModelFolder } from "../weights/layers-folder.js";

/** A trained model ready to apply, with what it needs to prepare its input. */
export interface LoadedModel {
  model: LayersModel;
  /** Each layer's group in model order, where known (a run's catalogue model); else empty. */
  layers: { name: string; group: string }[];
  classes: string[];
  normalization: Pick<PlanNormalization, "mean" | "std">;
  input: ImageSize;
  /** The run folder, when the model came from one. */
  runDir: string | null;
}

/** A folder that holds no model thtl can apply; the message says what it looked for. */
export class ModelFolderError extends Error {}

/**
 * Loads `RUN_DIR` (a run record: `plan.json` and `model/`), `RUN_DIR/model`, or a layers-model
 * folder (`model.json`; classes, input size and normalisation from its `metadata.json` when
 * present). A run's model is rebuilt from the catalogue with its plan's options, so that its
 * layer groups are known, and its exported weights loaded by name.
 */
export async function loadModelDir(tf: TfNamespace, path: string): Promise<LoadedModel> {
  const dir = resolve(path);
  const runDir = existsSync(join(dir, "plan.json")) ? dir : basename(dir) === "model" && existsSync(join(dir, "..", "plan.json")) ? dirname(dir) : null;
  if (runDir) return loadRun(tf, runDir);
  if (existsSync(join(dir, "model.json"))) return await loadFolder(tf, dir);
  throw new ModelFolderError(`'${path}' is neither a run folder (with plan.json and model/) nor a model folder (with model.json)`);
}

function loadRun(tf: TfNamespace, runDir: string): LoadedModel {
  const plan = JSON.parse(readFileSync(join(runDir, "plan.json"), "utf8")) as Plan;
  const run = plan.runs[0]!;
  const hop = run.hops.at(-1)!;
  if (!existsSync(join(runDir, "model", "model.json"))) {
    throw new ModelFolderError(`run '${run.id}' in '${runDir}' has no model/ yet: it has not finished (see its metrics.json)`);
  }
  const built = buildModel(tf, run.architecture.arch, runBuildOptions(run, hop.classes.length, run.seed));
  applyNamedWeights(tf, built.model, readLayersModelFolder(tf, join(runDir, "model")), join(runDir, "model"));
  return {
    model: built.model,
    layers: built.layers.map(({ name, group }) => ({ name, group })),
    classes: hop.classes,
    normalization: hop.normalization,
    input: run.input,
    runDir,
  };
}

interface FolderMetadata {
  classes?: string[];
  normalization?: { mean: number[]; std: number[] };
  input?: { height: number; width: number; channels: 1 | 3 };
}

async function loadFolder(tf: TfNamespace, dir: string): Promise<LoadedModel> {
  // Models saved by thtl name their batch norm `BatchNormalization`; register thtl's first.
  batchNormClass(tf);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), "utf8"));
  const { modelTopology } = read("model.json") as { modelTopology: object };
  const meta: FolderMetadata = existsSync(join(dir, "metadata.json")) ? read("metadata.json") : {};
  const model = await tf.models.modelFromJSON({ modelTopology } as never);
  applyNamedWeights(tf, model, readLayersModelFolder(tf, dir), dir);
  const [, height, width, channels] = model.inputs[0]!.shape as number[];
  const units = (model.outputs[0]!.shape as number[]).at(-1)!;
  const n = channels === 1 ? 1 : 3;
  return {
    model,
    layers: [],
    classes: meta.classes ?? Array.from({ length: units }, (_, i) => `class_${i}`),
    normalization: meta.normalization ?? { mean: new Array(n).fill(0), std: new Array(n).fill(1) },
    input: meta.input ?? { height: height!, width: width!, channels: n },
    runDir: null,
  };
}
