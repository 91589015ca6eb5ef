import type { Scalar, Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { StageOptimizer, TrainableVariable } from "./optimizer.js";
import type { TfNamespace } from "./tf.js";
import { inferenceForward } from "./forward/forward.js";

/**
 * The training step of a custom loop: forward with `training: true`, softmax cross-entropy on the
 * logits, gradients of the stage's trainable variables, the stage optimizer's update, all in one
 * `tf.tidy`. The running loss and accuracy stay on the device and are read only when reported,
 * so a step never waits for the device to answer.
 *
 * A custom loop rather than `model.fit`: fit would rebuild its optimizer at every `compile`, hide
 * per-variable learning rates, and drive batch norm from `training` alone.
 */
/** Sums of loss x batch size and of correct predictions over an epoch so far (float32 values). */
export interface RunningSums {
  loss: number;
  correct: number;
  seen: number;
}

export class Trainer {
  private lossSum: Scalar;
  private correctSum: Scalar;
  private seen = 0;

  constructor(
    private readonly tf: TfNamespace,
    private readonly net: LayersModel,
    private readonly vars: TrainableVariable[],
    private readonly optimizer: StageOptimizer,
    private readonly classes: number,
  ) {
    this.lossSum = tf.scalar(0);
    this.correctSum = tf.scalar(0);
  }

  /** One step on `inputs` (images, or cached prefix features) with their labels. */
  step(inputs: Float32Array, shape: number[], labels: Int32Array, lr: number): void {
    const tf = this.tf;
    const variables = this.vars.map((v) => v.variable);
    const [lossSum, correctSum] = tf.tidy(() => {
      const x = tf.tensor(inputs, shape);
      const y = tf.tensor1d(labels, "int32");
      let correct: Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const logits = this.net.apply(x, { training: true }) as Tensor;
        correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), y), "float32")));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, this.classes), logits) as Scalar;
      }, variables);
      this.optimizer.apply(
        variables.map((v) => grads[v.name]!),
        lr,
      );
      const sums = [tf.add(this.lossSum, tf.mul(value, labels.length)), tf.add(this.correctSum, correct!)];
      correct!.dispose();
      return sums as [Scalar, Scalar];
    });
    this.lossSum.dispose();
    this.correctSum.dispose();
    this.lossSum = lossSum;
    this.correctSum = correctSum;
    this.seen += labels.length;
  }

  /** The epoch's raw sums, for a checkpoint taken inside an epoch. */
  sums(): RunningSums {
    return { loss: this.lossSum.dataSync()[0]!, correct: this.correctSum.dataSync()[0]!, seen: this.seen };
  }

  /** Running means over the epoch so far (reads two scalars from the device). */
  running(): { loss: number; acc: number } {
    if (this.seen === 0) return { loss: 0, acc: 0 };
    return { loss: this.lossSum.dataSync()[0]! / this.seen, acc: this.correctSum.dataSync()[0]! / this.seen };
  }

  /** Starts an epoch, from zero or from the sums a checkpoint saved inside it. */
  resetEpoch(from?: RunningSums): void {
    this.lossSum.dispose();
    this.correctSum.dispose();
    this.lossSum = this.tf.scalar(from?.loss ?? 0);
    this.correctSum = this.tf.scalar(from?.correct ?? 0);
    this.seen = from?.seen ?? 0;
  }

  dispose(): void {
    this.lossSum.dispose();
    this.correctSum.dispose();
  }
}

/** Class probabilities of a batch in inference mode (batch norm on moving statistics, no dropout). */
export async function predictBatch(
  tf: TfNamespace,
  net: LayersModel,
  inputs: Float32Array,
  shape: number[],
): Promise<Float32Array> {
  const probs = tf.tidy(() => tf.softmax(inferenceForward(tf, net, tf.tensor(inputs, shape))));
  const values = (await probs.data()) as Float32Array;
  probs.dispose();
  return values;
}

/** The output of `net` for a batch in inference mode, read back (prefix features for the cache). */
export async function inferBatch(
  tf: TfNamespace,
  net: LayersModel,
  inputs: Float32Array,
  shape: number[],
): Promise<Float32Array> {
  const out = tf.tidy(() => inferenceForward(tf, net, tf.tensor(inputs, shape)));
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}
