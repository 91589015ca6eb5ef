import type { Variant } from "../models/types.js";
import type { ImageSize, PlanNormalization } from "../plan/types.js";

/**
 * The file a model folder (a run's exported model, or `thtl weights import`'s output) records
 * what its weights are in: which framework's build they belong to and how to feed them.
 */
export const WEIGHTS_METADATA = "thtl-weights.json";

/**
 * `thtl-weights.json` (schema/weights-metadata.schema.json): what a model folder's weights are and
 * how to feed them, so that `thtl predict`, `thtl cam` and later chains need nothing else.
 */
export interface ModelMetadata {
  arch: string;
  variant: Variant;
  width: number;
  /** Class names in label order; none for a backbone imported without its classifier. */
  classes: string[];
  /** The input size the model was trained (or is evaluated) at. */
  input: ImageSize;
  normalization: PlanNormalization;
  /** The framework's evaluation transform, for imported weights: short side to `resize`, centre crop `crop`. */
  evalTransform?: { resize: number; crop: number };
}
