import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { PlanStage } from "../plan/types.js";
import type { BatchRequest, HopData, SplitName } from "./data-source.js";
import { featureBudgetBytes, pruneFeatures } from "./feature-budget.js";
import { FeatureStore } from "./feature-store.js";
import { featuresFile, featuresFolder, prefixDigest } from "./prefix-key.js";
import type { BuiltModel } from "./model-kit.js";
import { releaseInference } from "./forward/forward.js";
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
  /** Whether its features came from an earlier stage or run instead (see `prefixDigest`). */
  reused: boolean;
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
 * the results equal the uncached path's; only the time differs. The features go to files under
 * `cacheDir` (see `FeatureStore`), so a 10x larger split costs disk, not memory. Where the data
 * can say what a split holds (`HopData.fingerprint`), the files are kept under a key of the
 * prefix's weights and the split's contents, and a later stage or run with the same key reads
 * them instead of running the prefix again: once per dataset, not once per stage.
 */
export async function prepareInputs(
  tf: TfNamespace,
  built: BuiltModel,
  data: HopData,
  stage: PlanStage,
  augmented: boolean,
  cacheDir: string | null,
): Promise<StageInputs> {
  const parts =
    stage.frozenPrefix.cacheable && !augmented && stage.frozenPrefix.groups.length > 0
      ? built.split?.(stage.frozenPrefix.groups)
      : null;
  if (!parts) return uncached(built.model, data);
  const featureShape = (parts.prefix.outputs[0]!.shape as number[]).slice(1);
  const size = featureShape.reduce((a, b) => a * b, 1);
  const folder = cacheDir ? featuresFolder(cacheDir) : null;
  // Hashing the prefix's weights only pays where the data can say what its splits hold.
  const digest = folder && data.fingerprint ? prefixDigest(tf, parts.prefix) : null;
  const stores: FeatureStore[] = [];
  const dispose = () => stores.splice(0).forEach((store) => store.dispose());
  const cache = (split: SplitName) => {
    stores.push(openStore(folder, digest, data, split, size));
    return cacheSplit(tf, parts.prefix, data, split, stage.batch, stores.at(-1)!, featureShape);
  };
  let train: CachedSplit, val: CachedSplit;
  try {
    [train, val] = [await cache("train"), await cache("val")];
  } catch (error) {
    dispose();
    throw error;
  }
  const kept = new Set(stores.flatMap((store) => (store.file ? [store.file] : [])));
  if (folder && kept.size > 0) pruneFeatures(folder, featureBudgetBytes(), kept);
  const replay = (split: SplitName, features: CachedSplit) =>
    async function* (request: BatchRequest): AsyncIterable<NetBatch> {
      const order = data.order(split, request);
      for (let start = 0; start < order.length; start += request.batchSize) {
        yield features.gather(order.subarray(start, start + request.batchSize));
      }
    };
  return {
    cached: true,
    reused: stores.every((store) => store.complete),
    net: parts.suffix,
    evalNet: parts.suffix,
    train: replay("train", train),
    val: replay("val", val),
    dispose,
  };
}

/** The split's kept store when both the prefix and the split have a key, else a temporary one. */
function openStore(
  folder: string | null,
  digest: string | null,
  data: HopData,
  split: SplitName,
  size: number,
): FeatureStore {
  const fingerprint = digest && data.fingerprint?.(split);
  if (folder && digest && fingerprint)
    return FeatureStore.keyed(featuresFile(folder, digest, fingerprint), size, data.files[split].length);
  return FeatureStore.temporary(folder, size);
}

function uncached(model: LayersModel, data: HopData): StageInputs {
  return {
    cached: false,
    reused: false,
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

/** Runs the prefix over a split once, storing each sample's features at its split position, unless the store has them. */
async function cacheSplit(
  tf: TfNamespace,
  prefix: LayersModel,
  data: HopData,
  split: SplitName,
  batchSize: number,
  store: FeatureStore,
  featureShape: number[],
): Promise<CachedSplit> {
  if (!store.complete) {
    const shape = (size: number) => [size, data.image.height, data.image.width, data.image.channels];
    try {
      for await (const b of data.batches(split, { batchSize, shuffle: false, epoch: 0, augment: false }))
        store.write(b.indices, await inferBatch(tf, prefix, b.images, shape(b.size)));
    } finally {
      releaseInference(prefix);
    }
    store.commit();
  }
  const labels = Int32Array.from(data.files[split], (sample) => sample.label);
  return {
    gather: (positions) => ({
      inputs: store.gather(positions),
      shape: [positions.length, ...featureShape],
      labels: Int32Array.from(positions, (p) => labels[p]!),
    }),
  };
}
