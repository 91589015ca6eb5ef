import type { PlanStage } from "../../../src/plan/types.js";
import type { BuildOptions } from "../../../src/runtime/models/build-model.js";
import type { ParallelTrainer } from "../../../src/runtime/parallel/index.js";
import type { NamedArray } from "../../../src/weights/types.js";
import { stage } from "../helpers.js";

/** A small ResNet18 (an eighth of the channels, 16x16 inputs, 3 classes): 178k parameters. */
export const tinyResNet = {
  arch: "resnet18",
  buildOptions: {
    width: 0.125,
    input: { height: 16, width: 16, channels: 3 },
    classes: 3,
    dropout: 0,
    seed: 7,
  } satisfies BuildOptions,
};

const groups = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];

/** A stage training every group with SGD (momentum, weight decay, a slower stem). */
export function wholeModelStage(batchnorm: "train" | "frozen"): PlanStage {
  return stage({
    name: "all",
    trainable: groups,
    frozen: [],
    trainableParams: 0,
    epochs: 1,
    batch: 11,
    optimizer: { name: "sgd", momentum: 0.9 },
    lr: 0.05,
    groupLr: [{ selector: "stem", groups: ["stem"], layers: [], lr: 0.01 }],
    weightDecay: 1e-4,
    batchnorm,
    hash: "test",
  });
}

/** Seeded batches of `n` images with labels: class k brightens channel k, plus noise. */
export function batches(
  count: number,
  n: number,
  seed = 1,
): { inputs: Float32Array; shape: number[]; labels: Int32Array }[] {
  const { height, width, channels } = tinyResNet.buildOptions.input;
  let state = seed;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  return Array.from({ length: count }, () => {
    const labels = Int32Array.from({ length: n }, () => Math.floor((random() + 0.5) * 3));
    const inputs = new Float32Array(n * height * width * channels);
    inputs.forEach(
      (_, i) =>
        (inputs[i] = random() + (i % channels === labels[Math.floor(i / (height * width * channels))]! ? 0.8 : 0)),
    );
    return { inputs, shape: [n, height, width, channels], labels };
  });
}

/** Trains the batches in order at the stage's base rate; returns the running loss and accuracy. */
export async function train(
  trainer: ParallelTrainer,
  data: ReturnType<typeof batches>,
  lr: number,
): Promise<{ loss: number; acc: number }> {
  for (const [i, b] of data.entries()) await trainer.step(b.inputs, b.shape, b.labels, lr, i);
  return trainer.running();
}

/** The largest absolute difference between two models' weights of the same names. */
export function maxDifference(a: NamedArray[], b: NamedArray[], which: (name: string) => boolean = () => true): number {
  const other = new Map(b.map((w) => [w.name, w.values]));
  let max = 0;
  for (const w of a.filter((w) => which(w.name))) {
    const values = other.get(w.name)!;
    w.values.forEach((v, i) => (max = Math.max(max, Math.abs(v - values[i]!))));
  }
  return max;
}
