import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { layerCamBatch } from "../../../src/runtime/cam/layer-cam.js";
import { resolveCamLayers } from "../../../src/runtime/cam/targets.js";
import { modelTopology } from "../../../src/runtime/cam/topology.js";
import { buildModel } from "../../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { applyNamedWeights } from "../../../src/runtime/weights/apply.js";
import { readSafetensors } from "../../../src/weights/safetensors.js";
import { fromTorchvision } from "../../../src/weights/torchvision.js";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { tempDirs } from "../helpers.js";

const PYTHON = "/usr/bin/python3";
const SIZE = 64;
const CLASSES = 3;
const tempDir = tempDirs("thtl-cam-torch-");
let tf: TfNamespace;
let dir: string;

/** The reference: Debian's python3-torch and python3-torchvision (tests never download). */
function requireTorch(): void {
  const missing =
    "this test needs Debian's python3-torch and python3-torchvision (apt-get install python3-torch python3-torchvision)";
  if (!existsSync(PYTHON)) throw new Error(`${missing}: ${PYTHON} does not exist`);
  try {
    execFileSync(PYTHON, ["-c", "import torch, torchvision"], { stdio: "pipe" });
  } catch (error) {
    throw new Error(`${missing}: ${(error as { stderr?: Buffer }).stderr?.toString().trim() ?? error}`);
  }
}

beforeAll(async () => {
  requireTorch();
  ({ tf } = await selectBackend("wasm"));
  dir = tempDir();
  execFileSync(PYTHON, [join(import.meta.dirname, "torch_layercam.py"), dir, String(SIZE), String(CLASSES)], {
    stdio: "pipe",
  });
}, 120_000);

const floats = (file: string) => {
  const bytes = readFileSync(join(dir, file));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

test("LayerCAM of a torchvision ResNet18 on wasm equals an independent PyTorch implementation to 1e-3", () => {
  const built = buildModel(tf, "resnet18", {
    width: 1,
    dropout: 0,
    input: { height: SIZE, width: SIZE, channels: 3 },
    classes: CLASSES,
  });
  const report = applyNamedWeights(
    tf,
    built.model,
    fromTorchvision(readSafetensors(join(dir, "resnet18.safetensors")), built, "resnet18"),
    "resnet18",
  );
  expect(report.missing).toEqual([]);
  const groups = ["layer1", "layer2", "layer3", "layer4"];
  const layers = resolveCamLayers(built.model, groups, built.layers);
  expect(layers.map((l) => l.layer)).toEqual([
    "conv2_block2_out",
    "conv3_block2_out",
    "conv4_block2_out",
    "conv5_block2_out",
  ]);
  const images = tf.tensor4d(floats("images.f32"), [3, SIZE, SIZE, 3]);
  const result = layerCamBatch(
    tf,
    built.model,
    modelTopology(built.model),
    images,
    layers.map((l) => l.layer),
    "predicted",
  );
  const logits = floats("logits.f32");
  expect(maxDiff(result.logits, logits)).toBeLessThan(1e-3);
  groups.forEach((group, i) => {
    const expected = floats(`${group}.f32`);
    expect(Math.max(...expected)).toBe(1);
    expect({ group, diff: maxDiff(result.maps[i]!, expected) < 1e-3 }).toEqual({ group, diff: true });
  });
  images.dispose();
  built.model.dispose();
}, 120_000);

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  return Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
}
