import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ImportReport } from "./match.js";
import { WEIGHTS_METADATA, type ModelMetadata } from "../model-metadata.js";
import type { Framework } from "./source.js";

/** The files of an imported-weights folder. */
export const WEIGHTS_FILE = "weights.safetensors";

/**
 * `thtl-weights.json` of an imported-weights folder (schema/weights.schema.json): the model
 * metadata every model folder has, and where the weights came from and how they were matched.
 */
export interface ImportedWeights extends ModelMetadata {
  format: "thtl-imported-weights";
  version: 1;
  source: { file: string; sha256: string; bytes: number };
  framework: Framework;
  /** Whether the file has its classifier; without, it is a backbone. */
  top: boolean;
  classCount: number | null;
  /** Where the class names came from: ImageNet's list, `--classes`, or nowhere. */
  classNames: "imagenet" | "given" | "none";
  report: ImportReport;
  /** The weights, in thtl's layer names (`conv1_conv/kernel`), float32. */
  weights: typeof WEIGHTS_FILE;
}

/**
 * Whether a folder was written by `thtl weights import`: its weights are in thtl's layer names.
 * Every model folder has a `thtl-weights.json`, so the metadata's `format` is what says so.
 */
export function isImportedFolder(dir: string): boolean {
  if (!existsSync(join(dir, WEIGHTS_METADATA)) || !existsSync(join(dir, WEIGHTS_FILE))) return false;
  try {
    return readImportedMetadata(dir).format === "thtl-imported-weights";
  } catch {
    // Unreadable metadata is no import's: the cache imports again, a domain reports the folder.
    return false;
  }
}

export function readImportedMetadata(dir: string): ImportedWeights {
  return JSON.parse(readFileSync(join(dir, WEIGHTS_METADATA), "utf8")) as ImportedWeights;
}
