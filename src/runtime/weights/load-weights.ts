import { existsSync, statSync } from "node:fs";
import { RunFailure } from "../failure.js";
import type { BuiltModel } from "../model-kit.js";
import type { TfNamespace } from "../tf.js";
import { applyNamedWeights, type LoadReport } from "./apply.js";
import { readLayersModelFolder } from "./layers-folder.js";
import { readSafetensors } from "./safetensors.js";
import { fromTorchvision } from "./torchvision.js";

/**
 * Where a weights domain's path points: a layers-model folder (with `model.json`), a
 * `.safetensors` file, or, for a path without extension, the folder first and then the path
 * with `.safetensors` added.
 */
export function resolveWeightsPath(path: string): { kind: "layers"; path: string } | { kind: "safetensors"; path: string } {
  if (path.endsWith(".safetensors") && existsSync(path)) return { kind: "safetensors", path };
  if (existsSync(path) && statSync(path).isDirectory() && existsSync(`${path}/model.json`)) return { kind: "layers", path };
  if (path.endsWith("model.json") && existsSync(path)) return { kind: "layers", path: path.slice(0, -"model.json".length) || "." };
  if (existsSync(`${path}.safetensors`)) return { kind: "safetensors", path: `${path}.safetensors` };
  throw new RunFailure("THTL4000", { path });
}

/**
 * Loads pretrained weights into a built model by layer name; `skip` lists layers that keep their
 * initialisation (the classifier when the classes differ).
 */
export function loadWeights(tf: TfNamespace, built: BuiltModel, path: string, skip: ReadonlySet<string>): LoadReport & { path: string } {
  const where = resolveWeightsPath(path);
  const arrays =
    where.kind === "layers" ? readLayersModelFolder(tf, where.path) : fromTorchvision(readSafetensors(where.path), built, where.path);
  return { ...applyNamedWeights(tf, built.model, arrays, where.path, skip), path: where.path };
}
