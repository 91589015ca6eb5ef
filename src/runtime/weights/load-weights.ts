import { existsSync, statSync } from "node:fs";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { BuiltModel } from "../model-kit.js";
import type { TfNamespace } from "../tf.js";
import { applyNamedWeights, type LoadReport } from "./apply.js";
import { isImportedFolder, WEIGHTS_FILE } from "../../weights/import/metadata.js";
import { isImportable } from "../../weights/import/source.js";
import { torchvisionKeys } from "../../weights/import/torchvision-keys.js";
import { readLayersModelFolder } from "./layers-folder.js";
import { readSafetensors } from "../../weights/safetensors.js";
import { fromTorchvision } from "../../weights/torchvision.js";

type WeightsPath = { kind: "layers" | "safetensors" | "imported" | "file"; path: string };

/**
 * Where a weights domain's path points: a folder written by `thtl weights import`, a
 * layers-model folder (with `model.json`), a `.safetensors` file, a `.pth`/`.pt`/`.h5` file
 * (imported into the cache before loading, see `importedWeightsPath`), or, for a path without
 * extension, the folder first and then the path with `.safetensors` added.
 */
export function resolveWeightsPath(path: string): WeightsPath {
  if (path.endsWith(".safetensors") && existsSync(path)) return { kind: "safetensors", path };
  if (isImportable(path) && existsSync(path) && !statSync(path).isDirectory()) return { kind: "file", path };
  if (existsSync(path) && statSync(path).isDirectory() && isImportedFolder(path)) return { kind: "imported", path };
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
  return { ...applyNamedWeights(tf, built.model, readArrays(tf, built, where), where.path, skip), path: where.path };
}

function readArrays(tf: TfNamespace, built: BuiltModel, where: WeightsPath) {
  switch (where.kind) {
    case "layers":
      return readLayersModelFolder(tf, where.path);
    case "imported":
      return readSafetensors(`${where.path}/${WEIGHTS_FILE}`);
    case "safetensors":
      return fromTorchvision(torchvisionKeys(readSafetensors(where.path)), built, where.path);
    case "file":
      // Weight files named directly are imported into the cache by the run before loading.
      throw new Error(`'${where.path}' must be imported before it is loaded`);
  }
}
