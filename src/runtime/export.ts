import { join } from "node:path";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { writeFileAtomic } from "../util/atomic-write.js";
import type { TfNamespace } from "./tf.js";

/**
 * Saves a model as a TensorFlow.js layers-model folder (`model.json` + `weights.bin`, the layout
 * of tfjs-node's `file://` handler) without tfjs-node, so that a later chain can name it as a
 * weights domain. Weights keep their Keras-style names.
 */
export async function exportLayersModel(tf: TfNamespace, model: LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData
        ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
        : new ArrayBuffer(0);
      writeFileAtomic(join(dir, "weights.bin"), new Uint8Array(weightData));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? "layers-model",
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileAtomic(join(dir, "model.json"), `${JSON.stringify(modelJson)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}
