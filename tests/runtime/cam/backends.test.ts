import { beforeAll, expect, test } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { layerCamBatch } from "../../../src/runtime/cam/layer-cam.js";
import { resolveCamLayers } from "../../../src/runtime/cam/targets.js";
import { modelTopology } from "../../../src/runtime/cam/topology.js";
import { buildModel } from "../../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const SIZE = 48;
const GROUPS = ["stem", "layer1", "layer2", "layer3", "layer4"];

/** Maps of every group of a small ResNet18 (batch norm statistics away from their defaults) on one backend. */
async function maps(backend: string): Promise<{ logits: number[]; maps: number[][] }> {
  await tf.setBackend(backend);
  const built = buildModel(tf, "resnet18", {
    width: 0.25,
    dropout: 0,
    input: { height: SIZE, width: SIZE, channels: 3 },
    classes: 3,
    seed: 4,
  });
  for (const layer of built.model.layers.filter((l) => l.getClassName() === "BatchNormalization")) {
    const values = layer
      .getWeights()
      .map((w, i) =>
        tf.tidy(() => tf.add(tf.mul(tf.randomUniform(w.shape, 0, 1, "float32", i + 1), 0.5), i === 1 ? -0.25 : 0.75)),
      );
    layer.setWeights(values);
    tf.dispose(values);
  }
  const layers = resolveCamLayers(built.model, GROUPS, built.layers).map((l) => l.layer);
  const images = tf.randomUniform([2, SIZE, SIZE, 3], -1, 1, "float32", 11);
  const result = layerCamBatch(tf, built.model, modelTopology(built.model), images as never, layers, "predicted");
  images.dispose();
  built.model.dispose();
  return { logits: Array.from(result.logits), maps: result.maps.map((m) => Array.from(m)) };
}

test("the gradients the maps need agree on wasm and cpu: every group's maps to 1e-4", async () => {
  const cpu = await maps("cpu");
  const before = tf.memory().numTensors;
  const wasm = await maps("wasm");
  expect(tf.memory().numTensors).toBe(before);
  expect(Math.max(...cpu.logits.map((v, i) => Math.abs(v - wasm.logits[i]!)))).toBeLessThan(1e-4);
  GROUPS.forEach((group, g) => {
    const worst = Math.max(...cpu.maps[g]!.map((v, i) => Math.abs(v - wasm.maps[g]![i]!)));
    expect({ group, worst: worst < 1e-4 }).toEqual({ group, worst: true });
  });
}, 120_000);
