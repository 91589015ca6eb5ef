import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ImportReport } from "./match.js";
import type { Preprocessing } from "./preprocessing.js";
import type { Framework } from "./source.js";

/** The files of an imported-weights folder. */
export const METADATA_FILE = "weights.json";
export const WEIGHTS_FILE = "weights.safetensors";

/** `weights.json`: what an imported-weights folder holds and where it came from (schema/weights.schema.json). */
export interface ImportedWeights {
  format: "thtl-imported-weights";
  version: 1;
  source: { file: string; sha256: string; bytes: number };
  framework: Framework;
  architecture: string;
  /** The architecture's channel multiplier (1: the published network). */
  width: number;
  /** The catalogue variant whose graph computes what the file's framework computes. */
  variant: Framework;
  /** Whether the file has its classifier; without, it is a backbone. */
  top: boolean;
  classCount: number | null;
  classes: string[] | null;
  /** Where the class names came from: ImageNet's list, `--classes`, or nowhere. */
  classNames: "imagenet" | "given" | "none";
  preprocessing: Preprocessing;
  report: ImportReport;
  /** The weights, in thtl's layer names (`conv1_conv/kernel`), float32. */
  weights: typeof WEIGHTS_FILE;
}

/** Whether a folder is an imported-weights folder. */
export function isImportedFolder(dir: string): boolean {
  return existsSync(join(dir, METADATA_FILE)) && existsSync(join(dir, WEIGHTS_FILE));
}

export function readImportedMetadata(dir: string): ImportedWeights {
  return JSON.parse(readFileSync(join(dir, METADATA_FILE), "utf8")) as ImportedWeights;
}
