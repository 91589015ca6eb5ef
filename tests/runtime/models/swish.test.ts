import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { registerSwish } from "../../../src/runtime/models/swish.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  ({ tf } = await selectBackend("cpu"));
  registerSwish(tf);
});

const x = () => tf.tensor1d([-30, -2, -0.5, -0, 0, 0.5, 3, 30, Number.NaN, Infinity]);

/** tfjs's swish as tfjs-layers writes it: x sigmoid(x alpha). */
const stock = (t: Tensor, alpha = 1) => tf.mul(tf.sigmoid(tf.mul(t, alpha)), t);

describe("the swish activation", () => {
  it("runs a sigmoid and one multiplication, with tfjs's values and gradient", async () => {
    const layer = tf.layers.activation({ activation: "swish" });
    const run = (f: (t: Tensor) => Tensor) => {
      const input = x();
      const weights = tf.range(1, 11);
      const grad = tf.grad((t: Tensor) => tf.sum(tf.mul(f(t), weights)))(input);
      return { y: Array.from(f(input).dataSync()), grad: Array.from(grad.dataSync()) };
    };
    expect(run((t) => layer.apply(t) as Tensor)).toEqual(run((t) => stock(t)));
    const profile = await tf.profile(() => layer.apply(x()) as Tensor);
    expect(profile.kernelNames).toEqual(["Sigmoid", "Multiply"]);
  });

  it("in a convolution too, and keeps its name", async () => {
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: "swish", inputShape: [2, 2, 1] });
    const model = tf.sequential({ layers: [conv] });
    const profile = await tf.profile(() => model.predict(tf.ones([1, 2, 2, 1])) as Tensor);
    expect(profile.kernelNames.filter((k) => k === "Multiply")).toEqual(["Multiply"]);
    const json = model.toJSON(undefined, false) as { config: { layers: { config: { activation: string } }[] } };
    expect(json.config.layers[0]!.config.activation).toBe("swish");
  });

  it("with another alpha is tfjs's", () => {
    const swish = (
      tf.layers.activation({ activation: "swish" }) as unknown as {
        activation: { apply(t: Tensor, a: number): Tensor };
      }
    ).activation;
    expect(Array.from(swish.apply(x(), 0.5).dataSync())).toEqual(Array.from(stock(x(), 0.5).dataSync()));
  });
});
