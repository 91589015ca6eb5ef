import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { beforeAll, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { BATCH_NORM_TRAINING, batchNormInTraining } from "../../../src/runtime/kernels/batch-norm/batch-norm-layer.js";
import { batchNormWithoutAffine } from "../../../src/runtime/models/batchnorm-training.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

type Layer = ReturnType<TfNamespace["layers"]["batchNormalization"]>;

function bnLayer(channels = 6): Layer {
  const layer = tf.layers.batchNormalization({
    momentum: 0.9,
    epsilon: 1e-3,
    gammaInitializer: "randomNormal",
    betaInitializer: "randomNormal",
  });
  layer.build([null, 5, 4, channels]);
  tf.tidy(() =>
    layer.setWeights([
      tf.linspace(0.5, 2, channels),
      tf.linspace(-1, 1, channels),
      tf.linspace(-0.2, 0.3, channels),
      tf.linspace(0.5, 1.5, channels),
    ]),
  );
  return layer;
}

/** Output, gradients of sum(y * dy) for x, gamma and beta, and the moving statistics after. */
function trainOnce(call: (layer: Layer, x: Tensor) => Tensor, shape: number[]) {
  const channels = shape.at(-1)!;
  const layer = bnLayer(channels);
  const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal(shape, 0, 1, "float32", 3), 2), 0.5));
  const dy = tf.randomNormal(shape, 0, 1, "float32", 4);
  const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as Variable);
  const y = tf.tidy(() => call(bnLayer(channels), x));
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(call(layer, x), dy)) as never,
    [gamma as never, beta as never],
  );
  const dx = tf.grad((input: Tensor) => tf.sum(tf.mul(call(bnLayer(channels), input), dy)))(x);
  const read = (t: Tensor) => Array.from(t.dataSync());
  const result = {
    y: read(y),
    dx: read(dx),
    dgamma: read(grads[gamma!.name]!),
    dbeta: read(grads[beta!.name]!),
    moving: layer.getWeights().slice(2).map(read),
  };
  tf.dispose([x, dy, y, dx, ...Object.values(grads)]);
  return result;
}

// Channels in fours take the SIMD loops (batch-norm-simd.ts), others the JavaScript ones. 6 rows of
// 300 channels are one block of sums whose heap vectors (5 x 300) outsize the loops' scratch as it
// starts (1,024): first, while the scratch has not grown. 297 rows are three blocks, the last short.
const shapes = [
  [1, 2, 3, 300],
  [3, 5, 4, 6],
  [3, 9, 11, 8],
];

it.each(shapes.map((shape) => [shape]))(
  "training-mode batch norm through our kernel matches tfjs-layers, x %j: output, gradients, moving statistics",
  (shape) => {
    const theirs = trainOnce((layer, x) => layer.apply(x, { training: true }) as Tensor, shape);
    const calls: number[] = [];
    const ours = trainOnce((layer, x) => {
      const y = batchNormInTraining(tf, layer, x);
      calls.push(y === null ? 0 : 1);
      return y ?? (layer.apply(x, { training: true }) as Tensor);
    }, shape);
    expect(calls.every((c) => c === 1)).toBe(true);
    for (const key of ["y", "dx", "dgamma", "dbeta"] as const) {
      theirs[key].forEach((expected, i) => expect(ours[key][i], `${key}[${i}]`).toBeCloseTo(expected, 4));
    }
    theirs.moving.forEach((values, w) =>
      values.forEach((expected, i) => expect(ours.moving[w]![i]).toBeCloseTo(expected, 5)),
    );
  },
);

it.each([2, 8])(
  "passes the gradients of the batch mean and variance on, as tf.moments does, %i channels",
  async (channels) => {
    const x = tf.randomNormal([4, 3, 3, channels], 1, 2, "float32", 9);
    const scale = tf.linspace(1.5, 0.5, channels);
    const offset = tf.linspace(0.1, -0.2, channels);
    const loss = (useKernel: boolean) => (input: Tensor) => {
      const [y, mean, variance] = useKernel
        ? (tf
            .engine()
            .runKernel(BATCH_NORM_TRAINING, { x: input, scale, offset }, { varianceEpsilon: 1e-3 }) as Tensor[])
        : (() => {
            const m = tf.moments(input, [0, 1, 2]);
            return [tf.batchNorm(input, m.mean, m.variance, offset, scale, 1e-3), m.mean, m.variance];
          })();
      return tf.addN([tf.sum(tf.square(y!)), tf.sum(tf.mul(mean!, 3)), tf.sum(tf.mul(variance!, -2))]);
    };
    const ours = Array.from(tf.grad(loss(true))(x).dataSync());
    const theirs = Array.from(tf.grad(loss(false))(x).dataSync());
    theirs.forEach((expected, i) => expect(ours[i]).toBeCloseTo(expected, 4));
    tf.dispose([x, scale, offset]);
  },
);

it("takes layers without a scale (InceptionV3's Keras build): output and moving statistics as the composite path's", () => {
  const run = (fused: boolean) => {
    const layer = tf.layers.batchNormalization({ scale: false, momentum: 0.9, epsilon: 1e-3 });
    layer.build([null, 9, 11, 8]);
    const x = tf.randomNormal([3, 9, 11, 8], 0.5, 2, "float32", 11);
    const y = fused ? batchNormInTraining(tf, layer, x) : batchNormWithoutAffine(tf, layer, x);
    const result = {
      y: Array.from(y!.dataSync()),
      moving: layer
        .getWeights()
        .slice(1)
        .map((w) => Array.from(w.dataSync())),
    };
    tf.dispose([x, y!]);
    return result;
  };
  const [ours, theirs] = [run(true), run(false)];
  ours.y.forEach((value, i) => expect(value).toBeCloseTo(theirs.y[i]!, 4));
  ours.moving.forEach((values, w) => values.forEach((value, i) => expect(value).toBeCloseTo(theirs.moving[w]![i]!, 5)));
});

it("declines other backends, so the layer falls back to tfjs-layers", async () => {
  await tf.setBackend("cpu");
  const x = tf.ones([1, 5, 4, 6]);
  expect(batchNormInTraining(tf, bnLayer(), x)).toBeNull();
  x.dispose();
  await tf.setBackend("wasm");
});

it("leaves no tensors behind", () => {
  const layer = bnLayer();
  const x = tf.ones([2, 5, 4, 6]);
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    tf.grad((input: Tensor) => tf.sum(batchNormInTraining(tf, layer, input)!))(x);
  });
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});

// The JavaScript loops (3 channels) and the SIMD ones (channels in fours) both sum in float64.
it.each([3, 4])(
  "computes batch statistics in one pass without losing the variance of values far from zero, %i channels",
  async (channels) => {
    await tf.setBackend("wasm");
    const rows = 300;
    // Channels centred at 0, 1e3 and -4e4 (and 7) with small spreads: raw sums of squares would cancel.
    const [spreads, centres] = [[1, 0.01, 0.5, 0.2].slice(0, channels), [0, 1e3, -4e4, 7].slice(0, channels)];
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([rows, channels], 0, 1, "float32", 5), spreads), centres));
    const [y, mean, variance] = tf
      .engine()
      .runKernel(
        BATCH_NORM_TRAINING,
        { x, scale: tf.ones([channels]), offset: tf.zeros([channels]) },
        { varianceEpsilon: 0 },
      ) as Tensor[];
    const values = x.dataSync();
    for (let c = 0; c < channels; c++) {
      let [sum, squares] = [0, 0];
      for (let r = 0; r < rows; r++) sum += values[r * channels + c]!;
      for (let r = 0; r < rows; r++) squares += (values[r * channels + c]! - sum / rows) ** 2;
      expect(mean!.dataSync()[c]! / (sum / rows)).toBeCloseTo(1, 6);
      expect(variance!.dataSync()[c]! / (squares / rows)).toBeCloseTo(1, 4);
    }
    // Normalised with its own statistics: each channel has mean 0 and variance 1.
    const moments = tf.moments(y!, [0]);
    moments.mean.dataSync().forEach((m) => expect(m).toBeCloseTo(0, 3));
    moments.variance.dataSync().forEach((v) => expect(v).toBeCloseTo(1, 3));
    tf.dispose([x, y!, mean!, variance!, moments.mean, moments.variance]);
  },
);
