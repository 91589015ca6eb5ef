import type { DataProblem } from "../types.js";
import type { KeyedSample } from "../split.js";

/**
 * What a source (folder, CSV, generated folder) yields before any image is decoded: the classes
 * in label order, every sample found, and the problems that listing alone reveals.
 */
export interface Listing {
  classes: string[];
  samples: KeyedSample[];
  problems: DataProblem[];
}
