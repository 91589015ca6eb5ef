import { extname } from "node:path";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../types.js";
import { readKerasH5 } from "../formats/h5.js";
import { readPth } from "../formats/pth.js";
import { readSafetensors } from "../safetensors.js";
import { torchvisionKeys } from "./torchvision-keys.js";

export type Framework = "torchvision" | "keras";

/** The extensions of the weight files thtl imports, and whose names they use. */
export const IMPORTABLE: Readonly<Record<string, Framework>> = { ".pth": "torchvision", ".pt": "torchvision", ".safetensors": "torchvision", ".h5": "keras", ".hdf5": "keras" };

export function isImportable(path: string): boolean {
  return Object.hasOwn(IMPORTABLE, extname(path).toLowerCase());
}

/** A weights file's tensors under the file's own names, and the framework that wrote it. */
export async function readWeightsFile(path: string): Promise<{ framework: Framework; tensors: NamedArray[] }> {
  const ext = extname(path).toLowerCase();
  if (!Object.hasOwn(IMPORTABLE, ext)) {
    throw new RunFailure("THTL4002", { file: path, reason: `thtl imports .pth, .pt, .safetensors (torchvision) and .h5 (Keras) files, not '${ext || "a file without extension"}'` });
  }
  if (IMPORTABLE[ext] === "keras") return { framework: "keras", tensors: await readKerasH5(path) };
  return { framework: "torchvision", tensors: torchvisionKeys(ext === ".safetensors" ? readSafetensors(path) : readPth(path)) };
}
