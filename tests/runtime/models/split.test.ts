import { beforeAll, expect, test } from "vitest";
import type { Tensor } from "@tensorflow/tfjs-core";
import { buildModel } from "../../../src/runtime/models/build-model.js";
import { loadTf, type TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await loadTf();
  await tf.setBackend("cpu");
});

const cases: [arch: string, size: number, groups: string[]][] = [
  ["resnet18", 32, ["stem", "layer1", "layer2"]],
  ["inception_v3", 75, ["stem", "mixed0", "mixed1", "mixed2", "mixed3"]],
  ["efficientnet_b0", 32, ["stem", "block1", "block2"]],
  ["densenet121", 32, ["stem", "denseblock1", "transition1"]],
];

test.each(cases)(
  "%s: prefix then suffix computes what the whole model does, sharing its weights",
  (arch, size, groups) => {
    const built = buildModel(tf, arch, {
      width: 0.125,
      input: { height: size, width: size, channels: 3 },
      classes: 4,
      dropout: 0.5,
      seed: 3,
    });
    const parts = built.split(groups)!;
    expect(parts.boundary).toBe(built.graph.layers.filter((layer) => groups.includes(layer.group)).at(-1)!.name);
    expect(parts.suffix.getLayer("predictions")).toBe(built.model.getLayer("predictions"));
    const x = tf.randomUniform([2, size, size, 3], 0, 1, "float32", 9);
    const whole = (built.model.predict(x) as Tensor).dataSync();
    const features = parts.prefix.predict(x) as Tensor;
    expect(features.shape.slice(1)).toEqual(
      built.graph.layers.find((layer) => layer.name === parts.boundary)!.outputShape,
    );
    const composed = (parts.suffix.predict(features) as Tensor).dataSync();
    expect(Array.from(composed)).toEqual(Array.from(whole));
    // Calling split again returns the same models rather than adding more calls to the layers.
    expect(built.split(groups)).toBe(parts);
    tf.dispose([x, features]);
    built.model.dispose();
  },
);

test("only a leading run of groups other than head can be split off", () => {
  const built = buildModel(tf, "resnet18", {
    width: 0.125,
    input: { height: 32, width: 32, channels: 3 },
    classes: 4,
    dropout: 0,
  });
  expect(built.split(["layer1"])).toBeNull();
  expect(built.split([])).toBeNull();
  expect(built.split(built.graph.groups)).toBeNull();
  expect(built.split(["stem", "layer1", "layer2", "layer3", "layer4"])!.boundary).toBe("avg_pool");
  built.model.dispose();
});
