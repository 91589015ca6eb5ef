import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { getArchitecture, getLayerGraph } from "../../models/catalogue.js";
import type { Plan } from "../../plan/types.js";
import { buildModel, type CatalogueModel } from "../models/build-model.js";
import type { NamedArray } from "../../weights/types.js";
import type { TfNamespace } from "../tf.js";
import { applyNamedWeights } from "../weights/apply.js";
import { readLayersModelFolder } from "../weights/layers-folder.js";
import { readSafetensors } from "../../weights/safetensors.js";
import { fromTorchvision } from "../../weights/torchvision.js";
import type { ModelMetadata } from "../../weights/model-metadata.js";
import { readModelMetadata, runModelMetadata } from "./model-metadata.js";
import { isImportedFolder, WEIGHTS_FILE } from "../../weights/import/metadata.js";

/** A trained model found on disk: what it is, and where its weights are. */
export interface ModelSource {
  metadata: ModelMetadata;
  /**
   * A layers-model folder (Keras-style names), a `.safetensors` file in torchvision's names, or
   * (`thtl`) the `weights.safetensors` of a `thtl weights import` folder, in thtl's layer names.
   */
  weights: { kind: "layers" | "safetensors" | "thtl"; path: string };
}

/** A model folder or image that cannot be used; the message names it and says why. */
export class InferenceError extends Error {}

/**
 * Finds the model of a run folder (`RUN/plan.json` and `RUN/model/`) or of a model folder (a
 * run's `model/`, or an imported one, with `thtl-weights.json`).
 */
export function findModel(dir: string): ModelSource {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InferenceError(`'${dir}' is not a folder`);
  if (existsSync(join(dir, "plan.json")) && existsSync(join(dir, "model")))
    return { metadata: planMetadata(join(dir, "plan.json")), weights: weightsIn(join(dir, "model")) };
  const metadata =
    readModelMetadata(dir) ??
    (existsSync(join(dir, "..", "plan.json")) ? planMetadata(join(dir, "..", "plan.json")) : null);
  if (!metadata) {
    throw new InferenceError(
      `'${dir}' is neither a run folder (with plan.json and model/) nor a model folder (with thtl-weights.json)`,
    );
  }
  return { metadata, weights: weightsIn(dir) };
}

function planMetadata(path: string): ModelMetadata {
  const plan = JSON.parse(readFileSync(path, "utf8")) as Plan;
  const run = plan.runs[0];
  if (!run) throw new InferenceError(`${path} has no run`);
  return runModelMetadata(run);
}

function weightsIn(dir: string): ModelSource["weights"] {
  if (existsSync(join(dir, "model.json"))) return { kind: "layers", path: dir };
  if (isImportedFolder(dir)) return { kind: "thtl", path: join(dir, WEIGHTS_FILE) };
  if (existsSync(join(dir, WEIGHTS_FILE))) return { kind: "safetensors", path: join(dir, WEIGHTS_FILE) };
  throw new InferenceError(`'${dir}' has no weights: neither model.json nor weights.safetensors`);
}

/** Whether the architecture computes at any input size with the same weights (no flatten into a dense layer). */
export function acceptsAnySize(metadata: ModelMetadata): boolean {
  const { arch, variant, width, input, classes } = metadata;
  const graph = getLayerGraph(arch, { variant, width, input, classes: Math.max(1, classes.length), dropout: 0 });
  return !graph.layers.some((layer) => layer.kind === "flatten");
}

/**
 * Builds the model at each input size asked for (its layers fix their input shape), with the
 * weights read once and loaded into every build. A build the weights do not fully cover is an error.
 */
export class InferenceModels {
  private arrays: NamedArray[] | null = null;
  private readonly built = new Map<string, CatalogueModel>();

  constructor(
    private readonly tf: TfNamespace,
    readonly source: ModelSource,
  ) {}

  at(height: number, width: number): CatalogueModel {
    const key = `${height}x${width}`;
    let model = this.built.get(key);
    if (!model) {
      const { arch, variant, classes, input } = this.source.metadata;
      const min = getArchitecture(arch)?.minInput;
      if (min && (height < min.height || width < min.width)) {
        throw new InferenceError(`${arch} needs images of at least ${min.height}x${min.width}, got ${height}x${width}`);
      }
      const options = {
        variant,
        width: this.source.metadata.width,
        classes: classes.length,
        dropout: 0,
        input: { height, width, channels: input.channels },
      };
      model = buildModel(this.tf, arch, options);
      this.load(model);
      this.built.set(key, model);
    }
    return model;
  }

  private load(model: CatalogueModel): void {
    const { kind, path } = this.source.weights;
    const raw = (this.arrays ??= kind === "layers" ? readLayersModelFolder(this.tf, path) : readSafetensors(path));
    const arrays = kind === "safetensors" ? fromTorchvision(raw, model, path) : raw;
    const report = applyNamedWeights(this.tf, model.model, arrays, path);
    if (report.missing.length > 0)
      throw new InferenceError(
        `the weights in '${path}' lack layers of ${model.graph.arch}: ${report.missing.slice(0, 5).join(", ")}`,
      );
  }

  dispose(): void {
    for (const model of this.built.values()) model.model.dispose();
    this.built.clear();
  }
}
