import { beforeAll, expect, test } from "vitest";
import type { Tensor } from "@tensorflow/tfjs-core";
import { buildModel, type CatalogueModel } from "../../../src/runtime/models/build-model.js";
import { batchNormClass } from "../../../src/runtime/models/batchnorm.js";
import { setTrainable, trainableParamCount } from "./trainable.js";
import { loadTf, type TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await loadTf();
  await tf.setBackend("cpu");
});

const OPTIONS = {
  width: 0.125,
  input: { height: 16, width: 16, channels: 3 as const },
  classes: 2,
  dropout: 0,
  seed: 5,
};

function weights(built: CatalogueModel, layer: string): Float32Array[] {
  return built.model
    .getLayer(layer)
    .getWeights()
    .map((w) => w.dataSync() as Float32Array)
    .map((values) => values.slice());
}

function batch(): { x: Tensor; y: Tensor } {
  const x = tf.randomNormal([8, 16, 16, 3], 0.5, 2, "float32", 11);
  const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 1, 0, 0, 1], "int32"), 2);
  return { x, y };
}

const loss = (labels: Tensor, logits: Tensor) => tf.losses.softmaxCrossEntropy(labels, logits);

function nonStemLayers(built: CatalogueModel): Set<string> {
  return new Set(built.layers.filter((layer) => layer.group !== "stem").map((layer) => layer.name));
}

test("model.fit leaves a frozen group's batch norm bit-identical and trains the others", async () => {
  const built = buildModel(tf, "resnet18", OPTIONS);
  setTrainable(built.model, nonStemLayers(built));
  const stemParams = built.layers.filter((layer) => layer.group === "stem").length;
  expect(stemParams).toBeGreaterThan(0);
  built.model.compile({ optimizer: tf.train.sgd(0.1), loss });
  const [frozenBefore, trainedBefore] = [weights(built, "conv1_bn"), weights(built, "conv2_block1_1_bn")];
  const { x, y } = batch();
  await built.model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  // [gamma, beta, moving_mean, moving_variance]
  expect(weights(built, "conv1_bn")).toEqual(frozenBefore);
  const trainedAfter = weights(built, "conv2_block1_1_bn");
  for (let i = 0; i < 4; i++) expect(trainedAfter[i]).not.toEqual(trainedBefore[i]);
  tf.dispose([x, y]);
  built.model.dispose();
});

test("optimizer.minimize with training=true leaves frozen batch norm alone too", () => {
  const built = buildModel(tf, "resnet18", OPTIONS);
  setTrainable(built.model, nonStemLayers(built));
  const before = weights(built, "conv1_bn");
  const trainedBefore = weights(built, "conv2_block1_1_bn");
  const { x, y } = batch();
  const optimizer = tf.train.sgd(0.1);
  optimizer.minimize(() => loss(y, built.model.apply(x, { training: true }) as Tensor) as ReturnType<typeof tf.scalar>);
  expect(weights(built, "conv1_bn")).toEqual(before);
  expect(weights(built, "conv2_block1_1_bn")[2]).not.toEqual(trainedBefore[2]);
  tf.dispose([x, y]);
  optimizer.dispose();
  built.model.dispose();
});

test("`batchnorm frozen` freezes every batch norm while the convs still train", async () => {
  const built = buildModel(tf, "resnet18", OPTIONS);
  const all = new Set(built.layers.map((layer) => layer.name));
  setTrainable(built.model, all, { batchnorm: "frozen" });
  const batchNorms = built.layers.filter((layer) => layer.batchNorm).map((layer) => layer.name);
  const bnParams = batchNorms.reduce((sum, name) => sum + 2 * built.model.getLayer(name).getWeights()[0]!.size, 0);
  expect(trainableParamCount(built.model)).toBe(
    built.graph.layers.reduce((sum, node) => sum + node.params, 0) - bnParams,
  );
  built.model.compile({ optimizer: tf.train.sgd(0.1), loss });
  const before = batchNorms.map((name) => weights(built, name));
  const kernel = weights(built, "conv3_block1_1_conv");
  const { x, y } = batch();
  await built.model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  expect(batchNorms.map((name) => weights(built, name))).toEqual(before);
  expect(weights(built, "conv3_block1_1_conv")).not.toEqual(kernel);
  tf.dispose([x, y]);
  built.model.dispose();
});

test("saved models name the layer BatchNormalization and load back with frozen-aware batch norm", async () => {
  const built = buildModel(tf, "resnet18", OPTIONS);
  const json = built.model.toJSON(null, false) as unknown as {
    config: { layers: { class_name: string; name: string }[] };
  };
  expect(json.config.layers.find((layer) => layer.name === "conv1_bn")!.class_name).toBe("BatchNormalization");
  let saved: Parameters<typeof tf.io.fromMemory>[0] | undefined;
  await built.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  expect(loaded.getLayer("conv1_bn")).toBeInstanceOf(batchNormClass(tf));
  expect(trainableParamCount(loaded)).toBe(trainableParamCount(built.model));
  loaded.dispose();
  built.model.dispose();
});

test("batch norm without a scale (InceptionV3's Keras build) trains: batch statistics, moving averages updated", async () => {
  const BatchNorm = batchNormClass(tf);
  const layer = new BatchNorm({
    name: "bn_noscale",
    axis: -1,
    scale: false,
    center: true,
    momentum: 0.9,
    epsilon: 1e-3,
  });
  const input = tf.input({ shape: [2, 2, 3] });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as never });
  const x = tf.tensor4d(
    Float32Array.from({ length: 24 }, (_, i) => i),
    [2, 2, 2, 3],
  );
  const y = layer.apply(x, { training: true }) as Tensor;
  // Channel 0 holds 0, 3, ..., 21: mean 10.5, variance 47.25.
  expect((y.dataSync() as Float32Array)[0]).toBeCloseTo(-10.5 / Math.sqrt(47.25 + 1e-3), 5);
  const [mean, variance] = [layer.getWeights()[1]!, layer.getWeights()[2]!].map((w) => Array.from(w.dataSync()));
  expect(mean[0]).toBeCloseTo(0.1 * 10.5, 5);
  expect(variance[0]).toBeCloseTo(0.9 + 0.1 * 47.25, 4);
  model.dispose();
});

test("a model with batch norm without scale trains with gradients through it", async () => {
  const BatchNorm = batchNormClass(tf);
  const input = tf.input({ shape: [2, 2, 3] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 1 }).apply(input);
  const normed = new BatchNorm({ axis: -1, scale: false }).apply(conv);
  const output = tf.layers.dense({ units: 2 }).apply(tf.layers.flatten().apply(normed)) as never;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.sgd(0.1), loss });
  const x = tf.randomNormal([4, 2, 2, 3], 0, 1, "float32", 3);
  const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], "int32"), 2);
  const history = await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
  expect(Number.isFinite(history.history["loss"]![0] as number)).toBe(true);
  model.dispose();
});

test("gradients pass through batch norm without a scale in inference mode (LayerCAM on InceptionV3's Keras build)", async () => {
  const BatchNorm = batchNormClass(tf);
  const layer = new BatchNorm({ axis: -1, scale: false, center: true, epsilon: 1e-3 });
  layer.build([null, 2, 2, 3]);
  // Moving mean 1, moving variance 4 in every channel: y = (x - 1) / sqrt(4 + 1e-3), dy/dx = 1 / sqrt(4.001).
  layer.setWeights([tf.zeros([3]), tf.ones([3]), tf.fill([3], 4)]);
  const x = tf.randomNormal([1, 2, 2, 3], 0, 1, "float32", 5);
  const y = layer.apply(x, { training: false }) as Tensor;
  expect((y.dataSync() as Float32Array)[0]).toBeCloseTo(((x.dataSync() as Float32Array)[0]! - 1) / Math.sqrt(4.001), 5);
  const dx = tf.grad((input: Tensor) => tf.sum(layer.apply(input, { training: false }) as Tensor))(x);
  for (const value of dx.dataSync()) expect(value).toBeCloseTo(1 / Math.sqrt(4.001), 5);
  tf.dispose([x, y, dx]);
});
