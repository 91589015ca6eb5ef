import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WEIGHTS_METADATA } from "../../check/weights-variant.js";
import { getArchitecture } from "../../models/catalogue.js";
import type { Variant } from "../../models/types.js";
import type { ImageSize, PlanNormalization, PlanRun } from "../../plan/types.js";
import { writeFileAtomic } from "../../util/atomic-write.js";

/**
 * `thtl-weights.json` (schema/weights-metadata.schema.json): what a model folder's weights are and
 * how to feed them, so that `thtl predict` and later chains need nothing else.
 */
export interface ModelMetadata {
  arch: string;
  variant: Variant;
  width: number;
  /** Class names in label order. */
  classes: string[];
  /** The input size the model was trained (or is evaluated) at. */
  input: ImageSize;
  normalization: PlanNormalization;
  /** The framework's evaluation transform, for imported weights: short side to `resize`, centre crop `crop`. */
  evalTransform?: { resize: number; crop: number };
}

/** The metadata of a run's final model: its plan's architecture, input and normalisation, the last hop's classes. */
export function runModelMetadata(run: PlanRun): ModelMetadata {
  const last = run.hops.at(-1)!;
  const { arch, variant, width } = run.architecture;
  // Plans compiled before variants existed have none: their builds were the architecture's default.
  const built = variant ?? getArchitecture(arch)?.variants[0] ?? "keras";
  return { arch, variant: built, width, classes: last.classes, input: run.input, normalization: last.normalization };
}

export function writeModelMetadata(dir: string, metadata: ModelMetadata): void {
  writeFileAtomic(join(dir, WEIGHTS_METADATA), `${JSON.stringify(metadata, null, 2)}\n`);
}

/** The folder's metadata, or null when it has none. Throws with the file's name when it is not JSON. */
export function readModelMetadata(dir: string): ModelMetadata | null {
  const path = join(dir, WEIGHTS_METADATA);
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ModelMetadata;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}
