import type { LayersModel } from "@tensorflow/tfjs-layers";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../../weights/types.js";
import type { TfNamespace } from "../tf.js";

export interface LoadReport {
  /** Layers whose every weight was loaded. */
  loaded: string[];
  /** Layers of the model with weights that the source does not have (they keep their initialisation). */
  missing: string[];
  /** Layers of the source that the model does not have, or that were left out on purpose. */
  unexpected: string[];
  skipped: string[];
}

/**
 * Loads weights by name (`LAYER/WEIGHT`, Keras-style) into the model, layer by layer. A layer in
 * `skip` (the classifier, when the classes differ) keeps its initialisation. A shape mismatch
 * fails the run, naming the layer and both shapes; nothing is written before every shape checked.
 */
export function applyNamedWeights(
  tf: TfNamespace,
  model: LayersModel,
  arrays: readonly NamedArray[],
  source: string,
  skip: ReadonlySet<string> = new Set(),
): LoadReport {
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const used = new Set<string>();
  const report: LoadReport = { loaded: [], missing: [], unexpected: [], skipped: [] };
  const writes: { target: { read(): { assign(t: unknown): void } }; array: NamedArray }[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    if (skip.has(layer.name)) {
      report.skipped.push(layer.name);
      for (const w of layer.weights) used.add(w.originalName);
      continue;
    }
    const found = layer.weights.map((w) => ({ w, array: byName.get(w.originalName) }));
    if (found.some((f) => !f.array)) {
      report.missing.push(layer.name);
      continue;
    }
    for (const { w, array } of found) {
      if (array!.shape.join("x") !== w.shape.join("x")) {
        throw new RunFailure("THTL4001", {
          file: source,
          layer: layer.name,
          weight: w.originalName,
          found: array!.shape.join(", "),
          expected: w.shape.join(", "),
        });
      }
      used.add(w.originalName);
      writes.push({ target: w as never, array: array! });
    }
    report.loaded.push(layer.name);
  }
  tf.tidy(() => writes.forEach(({ target, array }) => target.read().assign(tf.tensor(array.values, array.shape))));
  report.unexpected = [...new Set(arrays.filter((a) => !used.has(a.name)).map((a) => a.name.split("/")[0]!))];
  return report;
}
