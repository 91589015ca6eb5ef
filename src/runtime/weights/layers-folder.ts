import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { io } from "@tensorflow/tfjs-core";
import { RunFailure } from "../../diagnostics/run-failure.js";
import type { NamedArray } from "../../weights/types.js";
import type { TfNamespace } from "../tf.js";

/**
 * Reads the weights of a TensorFlow.js layers-model folder (`model.json` and its shards) without
 * tfjs-node: the manifest is parsed here, the shards concatenated, and `tf.io.decodeWeights`
 * turns them into tensors (dequantising where the converter quantised).
 */
export function readLayersModelFolder(tf: TfNamespace, dir: string): NamedArray[] {
  const modelJson = join(dir, "model.json");
  let manifest: io.WeightsManifestConfig;
  try {
    manifest = (JSON.parse(readFileSync(modelJson, "utf8")) as { weightsManifest?: io.WeightsManifestConfig }).weightsManifest ?? [];
  } catch (error) {
    throw new RunFailure("THTL4002", { file: modelJson, reason: (error as Error).message });
  }
  const shards = manifest.flatMap((group) => group.paths.map((path) => join(dir, path)));
  const missing = shards.find((path) => !existsSync(path));
  if (missing) throw new RunFailure("THTL4002", { file: modelJson, reason: `its weight file '${missing}' does not exist` });
  const buffer = Buffer.concat(shards.map((path) => readFileSync(path)));
  const specs = manifest.flatMap((group) => group.weights);
  const tensors = tf.io.decodeWeights(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), specs);
  return specs.map((spec) => {
    const tensor = tensors[spec.name]!;
    const values = Float32Array.from(tensor.dataSync() as ArrayLike<number>);
    tensor.dispose();
    return { name: spec.name, shape: spec.shape.slice(), values };
  });
}
