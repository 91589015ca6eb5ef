import type { Scalar, Tensor } from "@tensorflow/tfjs-core";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import { predictBatch } from "../step.js";
import type { TfNamespace } from "../tf.js";
import type { PredictRequest, StepRequest } from "./protocol.js";
import { barrier, reduceChunk, shardOf } from "./shared-memory.js";
import { seedDropout, type ReplicaStage } from "./stage-setup.js";

export interface ReplicaShared {
  rank: number;
  size: number;
  control: Int32Array;
  /** Per replica: the shard's loss sum and number of correct predictions. */
  stats: Float64Array;
  /** The gradient slots and their mean (see `shared-memory.ts`); set once per stage. */
  grads: Float32Array;
}

/**
 * One replica's part of a data-parallel step: the loss and gradients of its shard (the same
 * loss as the single-threaded `Trainer`), the all-reduce, and the optimizer's update with the
 * mean gradient. Every replica applies the same update to the same weights, so they stay equal.
 */
export function replicaStep(
  tf: TfNamespace,
  stage: ReplicaStage,
  shared: ReplicaShared,
  request: StepRequest,
  classes: number,
): void {
  const { rank, size, grads } = shared;
  const n = request.shape[0]!;
  const { start, end } = shardOf(n, size, rank);
  const params = grads.length / (size + 1);
  const stats = shared.stats.subarray(2 * rank, 2 * rank + 2);
  if (end > start)
    shardGradients(
      tf,
      stage,
      request,
      { start, end, rank, classes },
      grads.subarray(rank * params, (rank + 1) * params),
      stats,
    );
  else stats.fill(0);
  barrier(shared.control, size);
  const shares = Array.from({ length: size }, (_, r) => {
    const shard = shardOf(n, size, r);
    return (shard.end - shard.start) / n;
  });
  reduceChunk(grads, params, shares, rank);
  barrier(shared.control, size);
  tf.tidy(() => {
    let offset = size * params;
    const mean = stage.vars.map((v) => {
      const tensor = tf.tensor(grads.subarray(offset, offset + v.variable.size), v.variable.shape);
      offset += v.variable.size;
      return tensor;
    });
    stage.optimizer.apply(mean, request.lr);
  });
}

/** The shard's mean-loss gradients into `slot`, its loss sum and correct predictions into `stats`. */
function shardGradients(
  tf: TfNamespace,
  stage: ReplicaStage,
  request: StepRequest,
  shard: { start: number; end: number; rank: number; classes: number },
  slot: Float32Array,
  stats: Float64Array,
): void {
  const { start, end, classes } = shard;
  const sample = request.shape.slice(1).reduce((a, b) => a * b, 1);
  const images = new Float32Array(request.images, start * sample * 4, (end - start) * sample);
  const labels = new Int32Array(request.labels, start * 4, end - start);
  const variables = stage.vars.map((v) => v.variable);
  seedDropout(stage.net, request.dropoutSeed, shard.rank);
  tf.tidy(() => {
    const x = tf.tensor(images, [end - start, ...request.shape.slice(1)]);
    const y = tf.tensor1d(labels, "int32");
    let correct: Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const logits = stage.net.apply(x, { training: true }) as Tensor;
      correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), y), "float32")));
      return tf.losses.softmaxCrossEntropy(tf.oneHot(y, classes), logits) as Scalar;
    }, variables);
    let offset = 0;
    for (const v of variables) {
      slot.set(grads[v.name]!.dataSync() as Float32Array, offset);
      offset += v.size;
    }
    stats[0] = value.dataSync()[0]! * (end - start);
    stats[1] = correct!.dataSync()[0]!;
    correct!.dispose();
  });
}

/** This replica's shard of a prediction: its samples' class probabilities (empty for an empty shard). */
export function predictShard(
  tf: TfNamespace,
  net: LayersModel,
  request: PredictRequest,
  shared: ReplicaShared,
): Promise<Float32Array> | Float32Array {
  const { start, end } = shardOf(request.shape[0]!, shared.size, shared.rank);
  if (end === start) return new Float32Array(0);
  const sample = request.shape.slice(1).reduce((a, b) => a * b, 1);
  const images = new Float32Array(request.images, start * sample * 4, (end - start) * sample);
  return predictBatch(tf, net, images, [end - start, ...request.shape.slice(1)]);
}
