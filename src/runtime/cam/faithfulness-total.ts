import type { Faithfulness } from "./faithfulness-summary.js";

/** Faithfulness over several batches: every figure is a mean over images, so weights are image counts. */
export function combineFaithfulness(parts: readonly Faithfulness[]): Faithfulness | null {
  const images = parts.reduce((sum, p) => sum + p.images, 0);
  if (images === 0) return null;
  const mean = (key: "deletion" | "insertion" | "averageDrop" | "increaseInConfidence") =>
    parts.reduce((sum, p) => sum + p[key] * p.images, 0) / images;
  return {
    images,
    deletion: mean("deletion"),
    insertion: mean("insertion"),
    averageDrop: mean("averageDrop"),
    increaseInConfidence: mean("increaseInConfidence"),
    steps: parts[0]!.steps,
  };
}
