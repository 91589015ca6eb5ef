import type { Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { beforeAll, describe, expect, it } from "vitest";
import { ARCHITECTURE_NAMES, getArchitecture } from "../../../src/models/catalogue.js";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { BATCH_NORM_CLAMP, CONV_BATCH_NORM } from "../../../src/runtime/kernels/inference-kernels.js";
import { inferenceForward, releaseInference } from "../../../src/runtime/forward/forward.js";
import { buildModel, type CatalogueModel } from "../../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

/** An architecture at width 0.125 and its smallest input, its batch-norm weights away from 1 and 0. */
function build(arch: string, variant?: "torchvision" | "keras"): CatalogueModel {
  const input = { ...getArchitecture(arch)!.minInput, channels: 3 as const };
  const built = buildModel(tf, arch, { width: 0.125, dropout: 0.3, input, classes: 5, seed: 3, variant });
  let seed = 0;
  tf.tidy(() => {
    for (const w of built.model.weights) {
      const [low, high] = /moving_variance|gamma/.test(w.name) ? [0.5, 1.5] : [-0.3, 0.3];
      if (/moving_|gamma|beta|bias/.test(w.name))
        w.write(tf.randomUniform(w.shape as number[], low, high, "float32", ++seed));
    }
  });
  return built;
}

function images(model: LayersModel, batch = 3): Tensor {
  const [, height, width, channels] = model.inputs[0]!.shape as number[];
  return tf.randomNormal([batch, height!, width!, channels!], 0, 1, "float32", 7);
}

/** Largest difference from tfjs-layers' inference, relative to the largest output. */
function gap(model: LayersModel, x: Tensor): number {
  return tf.tidy(() => {
    const expected = model.apply(x, { training: false }) as Tensor;
    const scale = tf.max(tf.abs(expected)).dataSync()[0]!;
    return tf.max(tf.abs(tf.sub(inferenceForward(tf, model, x), expected))).dataSync()[0]! / scale;
  });
}

describe("the inference forward pass", () => {
  for (const backend of ["wasm", "cpu"]) {
    it(`gives tfjs-layers' inference outputs for every architecture and variant on ${backend}`, async () => {
      await tf.setBackend(backend);
      for (const arch of ARCHITECTURE_NAMES) {
        for (const variant of getArchitecture(arch)!.variants) {
          const { model } = build(arch, variant);
          const x = images(model);
          expect({ arch, variant, gap: gap(model, x) < 1e-5 }).toEqual({ arch, variant, gap: true });
          x.dispose();
          model.dispose();
        }
      }
      await tf.setBackend("wasm");
    });
  }

  it("runs each convolution's zero padding, batch norm and ReLU as one fused convolution", async () => {
    const { model } = build("resnet18");
    const x = images(model);
    inferenceForward(tf, model, x).dispose();
    const { kernels } = await tf.profile(() => inferenceForward(tf, model, x));
    const count = (name: string) => kernels.filter((k) => k.name === name).length;
    // ResNet18: 20 convolutions, the 8 ReLUs after the residual additions, the max pool's padding.
    const counts = [CONV_BATCH_NORM, "FusedBatchNorm", "Relu", "PadV2"].map(count);
    expect(counts).toEqual([20, 0, 8, 1]);
    model.dispose();
  });

  it("runs each other batch norm and the ReLU after it as one pass", async () => {
    const { model } = build("densenet121");
    const x = images(model);
    inferenceForward(tf, model, x).dispose();
    const { kernels } = await tf.profile(() => inferenceForward(tf, model, x));
    const count = (name: string) => kernels.filter((k) => k.name === name).length;
    // DenseNet121's 58 layers and 3 transitions start with one, and its features end with one.
    expect([count(BATCH_NORM_CLAMP), count("FusedBatchNorm"), count("Relu")]).toEqual([62, 0, 0]);
    model.dispose();
  });

  it("folds a batch norm's new statistics and a convolution's new weights", () => {
    const { model } = build("mobilenet_v2");
    const x = images(model);
    inferenceForward(tf, model, x).dispose();
    for (const name of ["Conv_1_bn/moving_mean", "Conv_1/kernel"]) {
      const w = model.weights.find((v) => v.name.startsWith(name))!;
      tf.tidy(() => {
        w.write(tf.add(w.read(), 0.25));
      });
      expect({ name, gap: gap(model, x) < 1e-5 }).toEqual({ name, gap: true });
    }
    model.dispose();
  });

  it("keeps no tensor but its output, and the folds go when released or with the model", () => {
    const before = tf.memory().numTensors;
    const { model } = build("efficientnet_b0");
    const x = images(model);
    const built = tf.memory().numTensors;
    inferenceForward(tf, model, x).dispose();
    const folded = tf.memory().numTensors;
    inferenceForward(tf, model, x).dispose();
    expect(tf.memory().numTensors).toBe(folded);
    expect(folded).toBeGreaterThan(built);
    releaseInference(model);
    expect(tf.memory().numTensors).toBe(built);
    inferenceForward(tf, model, x).dispose();
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps no folded copy of a regular convolution's filter on wasm, and one on cpu", async () => {
    for (const backend of ["wasm", "cpu"]) {
      await tf.setBackend(backend);
      const { model } = build("resnet18");
      const x = images(model);
      const before = tf.memory().numTensors;
      inferenceForward(tf, model, x).dispose();
      // Per convolution and batch norm: a and the bias, [a, bias]; on cpu the folded filter too.
      expect({ backend, kept: tf.memory().numTensors - before }).toEqual({
        backend,
        kept: (backend === "wasm" ? 2 : 3) * 20,
      });
      x.dispose();
      model.dispose();
    }
    await tf.setBackend("wasm");
  });

  it("runs a split's prefix and suffix, which share the full model's layers", () => {
    const built = build("resnet18");
    const split = built.split(["stem", "layer1", "layer2"])!;
    const x = images(built.model);
    const features = inferenceForward(tf, split.prefix, x);
    expect(gap(split.prefix, x)).toBeLessThan(1e-5);
    expect(gap(split.suffix, features)).toBeLessThan(1e-5);
    const whole = tf.tidy(() =>
      tf.sub(inferenceForward(tf, split.suffix, features), inferenceForward(tf, built.model, x)),
    );
    expect(tf.max(tf.abs(whole)).dataSync()[0]).toBeLessThan(1e-5);
    built.model.dispose();
  });
});
