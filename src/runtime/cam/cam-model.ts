import { resolve } from "node:path";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { ModelMetadata } from "../../weights/model-metadata.js";
import { findModel, InferenceModels } from "../inference/load-model.js";
import type { TfNamespace } from "../tf.js";

/** A model to draw maps of: built at each input size the images need, with what prepares its input. */
export interface CamModel {
  metadata: ModelMetadata;
  /** Each layer's group in model order, for `--layer GROUP`. */
  layers: { name: string; group: string }[];
  /** The model at an input size (built once per size, sharing the weights read once). */
  at(height: number, width: number): LayersModel;
  dispose(): void;
}

/**
 * The model of a run folder or a model folder (a run's `model/`, or `thtl weights import`'s
 * output), found and built as `thtl predict` finds and builds it. Throws `InferenceError` with
 * the folder's name when it holds no model.
 */
export function loadCamModel(tf: TfNamespace, path: string): CamModel {
  const source = findModel(resolve(path));
  const models = new InferenceModels(tf, source);
  const { metadata } = source;
  const first = models.at(metadata.input.height, metadata.input.width);
  return {
    metadata,
    layers: first.layers.map(({ name, group }) => ({ name, group })),
    at: (height, width) => models.at(height, width).model,
    dispose: () => models.dispose(),
  };
}
