import { beforeAll, describe, expect, test } from "vitest";
import { ARCHITECTURE_NAMES, getArchitecture } from "../../../src/models/catalogue.js";
import type { DescribeOptions } from "../../../src/models/types.js";
import { buildModel } from "../../../src/runtime/models/build-model.js";
import { trainableParamCount } from "./trainable.js";
import { loadTf, type TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await loadTf();
  await tf.setBackend("cpu");
});

/** A small variant of each architecture, so that building and running it takes milliseconds. */
function small(name: string): DescribeOptions {
  const size = Math.max(32, getArchitecture(name)!.minInput.height);
  return { width: 0.125, input: { height: size, width: size, channels: 1 }, classes: 3, dropout: 0.2 };
}

describe.each(ARCHITECTURE_NAMES)("%s", (name) => {
  test("builds with the catalogue's names, paths and parameter count, and outputs logits", () => {
    const options = small(name);
    const summary = getArchitecture(name)!.describe(options);
    const built = buildModel(tf, name, { ...options, seed: 1 });
    try {
      expect(trainableParamCount(built.model)).toBe(summary.totalParams);
      // tfjs orders a model's layers by depth, not by construction.
      const modelLayers = built.model.layers.slice(1).map((layer) => layer.name);
      expect(modelLayers.sort()).toEqual(
        summary.groups.flatMap((group) => group.layers.map((layer) => layer.name)).sort(),
      );
      expect(built.layers.map((layer) => layer.path)).toEqual(
        summary.groups.flatMap((group) => group.layers.map((layer) => layer.path)),
      );
      const { height, width } = options.input;
      const logits = tf.tidy(() =>
        (
          built.model.predict(tf.randomUniform([2, height, width, 1], 0, 1, "float32", 7)) as ReturnType<
            typeof tf.zeros
          >
        ).arraySync(),
      );
      expect(logits).toHaveLength(2);
      expect((logits as number[][])[0]).toHaveLength(3);
      expect((logits as number[][]).flat().every(Number.isFinite)).toBe(true);
    } finally {
      built.model.dispose();
    }
  });
});

test("full-size resnet18 has 11,689,512 trainable parameters", () => {
  const built = buildModel(tf, "resnet18", {
    width: 1,
    input: { height: 224, width: 224, channels: 3 },
    classes: 1000,
    dropout: 0,
  });
  try {
    expect(trainableParamCount(built.model)).toBe(11_689_512);
  } finally {
    built.model.dispose();
  }
});

test("the same seed gives the same initial weights; another seed does not", () => {
  const options = { ...small("resnet18"), seed: 42 };
  const [a, b, c] = [
    buildModel(tf, "resnet18", options),
    buildModel(tf, "resnet18", options),
    buildModel(tf, "resnet18", { ...options, seed: 43 }),
  ];
  const kernel = (m: typeof a) => Array.from(m.model.getLayer("conv3_block1_1_conv").getWeights()[0]!.dataSync());
  expect(kernel(a)).toEqual(kernel(b));
  expect(kernel(a)).not.toEqual(kernel(c));
  for (const m of [a, b, c]) m.model.dispose();
});

test("each layer name maps to its group and path", () => {
  const built = buildModel(tf, "resnet18", small("resnet18"));
  expect(built.places.get("conv5_block2_2_conv")).toEqual({ group: "layer4", path: "layer4.1.conv2" });
  expect(built.places.get("predictions")).toEqual({ group: "head", path: "head.fc" });
  expect(built.layers.find((layer) => layer.name === "conv1_bn")).toEqual({
    name: "conv1_bn",
    group: "stem",
    path: "stem.bn1",
    batchNorm: true,
  });
  built.model.dispose();
});

test("unknown architectures and inputs that are too small are refused by name", () => {
  expect(() => buildModel(tf, "resnet19", small("resnet18"))).toThrow("unknown architecture 'resnet19'");
  expect(() => buildModel(tf, "inception_v3", small("resnet18"))).toThrow(
    "inception_v3 needs an input of at least 75x75, got 32x32",
  );
});
