import { createHash } from "node:crypto";
import { join } from "node:path";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { TfNamespace } from "./tf.js";

/**
 * Bump when the prefix's computation changes what stored features hold, so stale ones are never
 * read. 2: inference folds batch norms into convolutions (`src/runtime/forward/`), and the
 * product fuses its multiply-adds, which round differently in the last bits.
 */
const FEATURES_VERSION = 2;

/**
 * A digest of what a frozen prefix computes: its layers (by name; input layers are left out, as
 * tfjs numbers their names per process), every weight's name, shape and bytes (batch-norm
 * statistics included) and the backend that runs it (backends round differently).
 * Two stages whose prefixes start from the same weights (seeds of a one-step arm, every arm's
 * first hop from ImageNet, a re-run after a change to the head) get the same digest.
 */
export function prefixDigest(tf: TfNamespace, prefix: LayersModel): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([
      FEATURES_VERSION,
      tf.getBackend(),
      prefix.layers.filter((layer) => layer.getClassName() !== "InputLayer").map((layer) => layer.name),
      prefix.outputs[0]!.shape,
    ]),
  );
  for (const weight of prefix.weights) {
    hash.update(JSON.stringify([weight.originalName, weight.shape]));
    const values = weight.read().dataSync() as Float32Array;
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest("hex");
}

/** The folder of frozen-prefix features in the cache folder. */
export function featuresFolder(cacheDir: string): string {
  return join(cacheDir, "features");
}

/** Where the features of a prefix (by `prefixDigest`) over a split (by its fingerprint) are kept. */
export function featuresFile(folder: string, prefix: string, split: string): string {
  const key = createHash("sha256").update(`${prefix} ${split}`).digest("hex");
  return join(folder, key.slice(0, 2), `${key}.f32`);
}
