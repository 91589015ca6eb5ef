import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { PlanStage } from "../plan/types.js";
import type { BatchRequest, HopData, SplitName } from "./data-source.js";
import type { BuiltModel } from "./model-kit.js";
import { inferBatch } from "./step.js";
import type { TfNamespace } from "./tf.js";

/** What a step or an evaluation consumes: images, or the cached output of the frozen prefix. */
export interface NetBatch {
  inputs: Float32Array;
  shape: number[];
  labels: Int32Array;
}

/** The network a stage trains and the batches it trains on. */
export interface StageInputs {
  /** Whether the frozen prefix was computed once and cached for this stage. */
  cached: boolean;
  net: LayersModel;
  evalNet: LayersModel;
  train(request: BatchRequest): AsyncIterable<NetBatch>;
  val(request: BatchRequest): AsyncIterable<NetBatch>;
  dispose(): void;
}

/**
 * Frozen-prefix caching (issue 7). When the plan marks the stage's frozen prefix as cacheable
 * (frozen for the whole stage, no augmentation upstream of it), the prefix runs once per split,
 * in inference mode, and the stage trains only the suffix on its stored output, replaying the
 * uncached path's batch order. Batch norm in a frozen prefix runs in inference mode anyway, so
 * the results equal the uncached path's; only the time differs.
 */
export async function prepareInputs(
  tf: TfNamespace,
  built: BuiltModel,
  data: HopData,
  stage: PlanStage,
  augmented: boolean,
): Promise<StageInputs> {
  const parts = stage.frozenPrefix.cacheable && !augmented && stage.frozenPrefix.groups.length > 0 ? built.split?.(stage.frozenPrefix.groups) : null;
  if (!parts) return uncached(built.model, data);
  const [train, val] = [await cacheSplit(tf, parts.prefix, data, "train", stage.batch), await cacheSplit(tf, parts.prefix, data, "val", stage.batch)];
  const replay = (split: SplitName, features: CachedSplit) =>
    async function* (request: BatchRequest): AsyncIterable<NetBatch> {
      const order = data.order(split, request);
      for (let start = 0; start < order.length; start += request.batchSize) {
        yield features.gather(order.subarray(start, start + request.batchSize));
      }
    };
  return {
    cached: true,
    net: parts.suffix,
    evalNet: parts.suffix,
    train: replay("train", train),
    val: replay("val", val),
    dispose: () => undefined,
  };
}

function uncached(model: LayersModel, data: HopData): StageInputs {
  return {
    cached: false,
    net: model,
    evalNet: model,
    train: (request) => imageBatches(data, "train", request),
    val: (request) => imageBatches(data, "val", request),
    dispose: () => undefined,
  };
}

/** A split's image batches in the shape the networks take. */
export async function* imageBatches(data: HopData, split: SplitName, request: BatchRequest): AsyncIterable<NetBatch> {
  const { height, width, channels } = data.image;
  for await (const b of data.batches(split, request)) {
    yield { inputs: b.images, shape: [b.size, height, width, channels], labels: b.labels };
  }
}

interface CachedSplit {
  gather(positions: Int32Array): NetBatch;
}

/** Runs the prefix over a split once, storing each sample's features at its split position. */
async function cacheSplit(tf: TfNamespace, prefix: LayersModel, data: HopData, split: SplitName, batchSize: number): Promise<CachedSplit> {
  const featureShape = (prefix.outputs[0]!.shape as number[]).slice(1);
  const size = featureShape.reduce((a, b) => a * b, 1);
  const n = data.files[split].length;
  const features = new Float32Array(n * size);
  const labels = new Int32Array(n);
  for await (const b of data.batches(split, { batchSize, shuffle: false, epoch: 0, augment: false })) {
    const out = await inferBatch(tf, prefix, b.images, [b.size, data.image.height, data.image.width, data.image.channels]);
    b.indices.forEach((position, i) => {
      features.set(out.subarray(i * size, (i + 1) * size), position * size);
      labels[position] = b.labels[i]!;
    });
  }
  return {
    gather(positions) {
      const inputs = new Float32Array(positions.length * size);
      positions.forEach((p, i) => inputs.set(features.subarray(p * size, (p + 1) * size), i * size));
      return { inputs, shape: [positions.length, ...featureShape], labels: Int32Array.from(positions, (p) => labels[p]!) };
    },
  };
}
