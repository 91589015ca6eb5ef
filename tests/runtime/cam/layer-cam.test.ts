import { beforeAll, expect, test } from "vitest";
import type { LayersModel, SymbolicTensor } from "@tensorflow/tfjs-layers";
import { layerCamBatch } from "../../../src/runtime/cam/layer-cam.js";
import { fuseMaps } from "../../../src/runtime/cam/normalize.js";
import { resolveCamLayers } from "../../../src/runtime/cam/targets.js";
import { modelTopology } from "../../../src/runtime/cam/topology.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { cpuTf } from "../helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

/**
 * 4x4x1 images -> 1x1 conv with stride 2 and filters (1, -1), ReLU: A is 2x2x2, channel 0 the
 * positive and channel 1 the negative part of the pixels at (0,0), (0,2), (2,0), (2,2).
 * Global average pooling, then logits y0 = a0 - a1 and y1 = 0.5 a0 + 2 a1 (a_k the channel means).
 */
function handNet(): LayersModel {
  const input = tf.input({ shape: [4, 4, 1], name: "image" });
  const conv = tf.layers.conv2d({
    name: "conv",
    filters: 2,
    kernelSize: 1,
    strides: 2,
    useBias: false,
    activation: "relu",
  });
  const pool = tf.layers.globalAveragePooling2d({ name: "pool" });
  const dense = tf.layers.dense({ name: "fc", units: 2 });
  const model = tf.model({ inputs: input, outputs: dense.apply(pool.apply(conv.apply(input))) as SymbolicTensor });
  conv.setWeights([tf.tensor4d([1, -1], [1, 1, 1, 2])]);
  dense.setWeights([tf.tensor2d([1, 0.5, -1, 2], [2, 2]), tf.tensor1d([0, 0])]);
  return model;
}

// The sampled pixels are 1, -2 / 3, -4; the others (9) never reach A.
const image = [1, 9, -2, 9, 9, 9, 9, 9, 3, 9, -4, 9, 9, 9, 9, 9];

test("the maps of a network with known weights are the ones worked out by hand", () => {
  const model = handNet();
  const x = tf.tensor4d(image, [1, 4, 4, 1]);
  const byClass = (target: number) => layerCamBatch(tf, model, modelTopology(model), x, ["conv"], target);

  // A0 = [[1, 0], [3, 0]], A1 = [[0, 2], [0, 4]]; y0 = mean(A0) - mean(A1) = -0.5, y1 = 0.5 + 3 = 3.5.
  const one = byClass(1);
  expect(Array.from(one.logits)).toEqual([-0.5, 3.5]);
  // Class 1: dy/dA0 = 0.5/4, dy/dA1 = 2/4, so M = 0.125 A0 + 0.5 A1 = [[0.125, 1], [0.375, 2]].
  // Half-pixel bilinear 2 -> 4 takes the weights (1, 0), (.75, .25), (.25, .75), (0, 1) per axis:
  const up = [
    [0.125, 0.34375, 0.78125, 1],
    [0.1875, 0.453125, 0.984375, 1.25],
    [0.3125, 0.671875, 1.390625, 1.75],
    [0.375, 0.78125, 1.59375, 2],
  ].flat();
  // then min-max: (v - 0.125) / 1.875.
  expectClose(
    one.maps[0]!,
    up.map((v) => (v - 0.125) / 1.875),
  );

  // Class 0: dy/dA0 = 1/4 > 0, dy/dA1 = -1/4 is cut by the ReLU, so M = 0.25 A0 = [[0.25, 0], [0.75, 0]].
  const zero = byClass(0);
  const up0 = [
    [0.25, 0.1875, 0.0625, 0],
    [0.375, 0.28125, 0.09375, 0],
    [0.625, 0.46875, 0.15625, 0],
    [0.75, 0.5625, 0.1875, 0],
  ].flat();
  expectClose(
    zero.maps[0]!,
    up0.map((v) => v / 0.75),
  );

  // "predicted" explains the larger logit, class 1.
  const predicted = layerCamBatch(tf, model, modelTopology(model), x, ["conv"], "predicted");
  expect(Array.from(predicted.targets)).toEqual([1]);
  expectClose(predicted.maps[0]!, one.maps[0]!);
  x.dispose();
  model.dispose();
});

test("a map with nothing in it (max = min) is all zeros, and a batch's images do not mix", () => {
  const model = handNet();
  // The second image has only negative sampled pixels: A0 = 0, so class 0's map is flat.
  const second = image.map((v) => -Math.abs(v));
  const x = tf.tensor4d([...image, ...second], [2, 4, 4, 1]);
  const both = layerCamBatch(tf, model, modelTopology(model), x, ["conv"], 0);
  const first = tf.slice(x, [0], [1]);
  const alone = layerCamBatch(tf, model, modelTopology(model), first, ["conv"], 0);
  expectClose(both.maps[0]!.subarray(0, 16), alone.maps[0]!);
  expect(Array.from(both.maps[0]!.subarray(16))).toEqual(new Array(16).fill(0));
  tf.dispose([x, first]);
  model.dispose();
});

test("layers fuse by the element-wise max of tanh(2 M)", () => {
  const fused = fuseMaps([Float32Array.from([0, 0.5, 1]), Float32Array.from([0.25, 0.1, 0])]);
  expectClose(fused, [Math.tanh(0.5), Math.tanh(1), Math.tanh(2)]);
});

test("a group maps at its last feature map; an unknown name lists the groups", () => {
  const model = handNet();
  const groups = [
    { name: "conv", group: "body" },
    { name: "pool", group: "body" },
    { name: "fc", group: "head" },
  ];
  expect(resolveCamLayers(model, ["body", "conv"], groups)).toEqual([
    { label: "body", layer: "conv" },
    { label: "conv", layer: "conv" },
  ]);
  expect(() => resolveCamLayers(model, ["layer9"], groups)).toThrow(
    "the model has no group or layer 'layer9': its groups are body, head, or name a layer",
  );
  expect(() => resolveCamLayers(model, ["pool"], groups)).toThrow(
    "layer 'pool' outputs shape [2], not a feature map (height x width x channels)",
  );
  expect(() => resolveCamLayers(model, ["head"], groups)).toThrow(
    "group 'head' has no layer with a feature map (height x width x channels) to map; map a group before it",
  );
  model.dispose();
});

test("memory: computing maps leaves no tensor behind", () => {
  const model = handNet();
  const x = tf.tensor4d(image, [1, 4, 4, 1]);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) layerCamBatch(tf, model, modelTopology(model), x, ["conv"], "predicted");
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
  model.dispose();
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i]!)));
  expect(worst).toBeLessThan(tolerance);
}
