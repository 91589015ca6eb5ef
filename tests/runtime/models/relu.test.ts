import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { reluClass } from "../../../src/runtime/models/relu.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  ({ tf } = await selectBackend("cpu"));
});

/** Values around both bends, exactly on them, and NaN. */
const x = () => tf.tensor1d([-2, -0.5, -0, 0, 0.5, 3, 6, 6.5, 9, Number.NaN, -Infinity, Infinity]);

describe("the ReLU layer", () => {
  it("with a maximum of 6 runs one kernel, with tfjs's layer's values and gradient", async () => {
    const ours = new (reluClass(tf))({ maxValue: 6 });
    const stock = tf.layers.reLU({ maxValue: 6 });
    const run = (layer: { apply(t: Tensor): unknown }) => {
      const input = x();
      const y = layer.apply(input) as Tensor;
      const grad = tf.grad((t: Tensor) => tf.sum(tf.mul(layer.apply(t) as Tensor, tf.range(1, 13))))(input);
      return { y: Array.from(y.dataSync()), grad: Array.from(grad.dataSync()) };
    };
    expect(run(ours)).toEqual(run(stock));
    const profile = await tf.profile(() => ours.apply(x()) as Tensor);
    expect(profile.kernelNames.filter((k) => k !== "TensorFromArray")).toEqual(["Relu6"]);
  });

  it("without a maximum, or another one, is tfjs's layer", async () => {
    for (const maxValue of [undefined, 1]) {
      const profile = await tf.profile(() => new (reluClass(tf))({ maxValue }).apply(x()) as Tensor);
      expect(profile.kernelNames).toEqual(maxValue === undefined ? ["Relu"] : ["Relu", "ClipByValue"]);
    }
  });

  it("keeps its Keras class name", () => {
    const model = tf.sequential({ layers: [new (reluClass(tf))({ maxValue: 6, inputShape: [3] })] });
    const json = model.toJSON(undefined, false) as { config: { layers: { class_name: string }[] } };
    expect(json.config.layers.map((l) => l.class_name)).toEqual(["ReLU"]);
  });
});
