import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { preprocessingOf } from "../../src/models/preprocessing.js";
import { buildModel } from "../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { applyNamedWeights } from "../../src/runtime/weights/apply.js";
import { readSafetensors } from "../../src/weights/safetensors.js";
import { fromTorchvision } from "../../src/weights/torchvision.js";
import { cpuTf, tempDirs } from "../runtime/helpers.js";
import { torchvisionReference } from "./torchvision-reference.js";

/**
 * Every torchvision architecture of the catalogue, built as its torchvision variant with
 * torchvision's weights, computes torchvision's logits (eval mode, batch-norm statistics away
 * from their defaults) on images of even and odd sizes, to 1e-4 of the largest logit.
 */
const SIZES: Record<string, string[]> = {
  resnet18: ["32x32", "33x37"],
  resnet34: ["32x32", "35x33"],
  resnet50: ["32x32", "33x33"],
  vgg16: ["32x32", "45x38"],
  densenet121: ["32x32", "33x35"],
  mobilenet_v2: ["32x32", "33x35"],
  efficientnet_b0: ["32x32", "33x35"],
  inception_v3: ["75x75", "76x77"],
};

const newDir = tempDirs("thtl-torchvision-");
let tf: TfNamespace;
let dir: string;

beforeAll(async () => {
  tf = await cpuTf();
  dir = newDir();
  torchvisionReference(dir, SIZES);
}, 600_000);

function preprocess(arch: string, pixels: Float32Array): Float32Array {
  const { mean, std } = preprocessingOf(arch, "torchvision");
  return pixels.map((p, i) => (p / 255 - mean[i % 3]!) / std[i % 3]!);
}

describe("torchvision variants compute torchvision's logits", () => {
  for (const [arch, sizes] of Object.entries(SIZES)) {
    it(
      arch,
      () => {
        const state = readSafetensors(join(dir, `${arch}.safetensors`));
        const io = new Map(readSafetensors(join(dir, `${arch}-io.safetensors`)).map((t) => [t.name, t]));
        for (const size of sizes) {
          const [height, width] = size.split("x").map(Number) as [number, number];
          const built = buildModel(tf, arch, {
            variant: "torchvision",
            width: 1,
            classes: 1000,
            dropout: 0,
            input: { height, width, channels: 3 },
          });
          const report = applyNamedWeights(
            tf,
            built.model,
            fromTorchvision(state, built, `${arch}.safetensors`),
            `${arch}.safetensors`,
          );
          expect(report.missing).toEqual([]);
          const aux = state.filter((t) => t.name.startsWith("AuxLogits.")).map((t) => `${t.name}`);
          expect(report.unexpected).toEqual(aux);
          const pixels = io.get(`pixels_${size}`)!;
          const expected = io.get(`logits_${size}`)!.values;
          const actual = tf.tidy(() => {
            const x = tf.tensor(preprocess(arch, pixels.values), pixels.shape);
            return (built.model.predict(x) as { dataSync(): Float32Array }).dataSync();
          });
          const scale = Math.max(...expected.map(Math.abs));
          const error = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)));
          expect(error / scale, `${arch} at ${size}: largest logit ${scale}`).toBeLessThan(1e-4);
          built.model.dispose();
        }
      },
      300_000,
    );
  }
});
