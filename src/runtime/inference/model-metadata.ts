import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { WEIGHTS_METADATA, type ModelMetadata } from "../../weights/model-metadata.js";
import { getArchitecture } from "../../models/catalogue.js";
import type { PlanRun } from "../../plan/types.js";
import { writeFileAtomic } from "../../util/atomic-write.js";

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
