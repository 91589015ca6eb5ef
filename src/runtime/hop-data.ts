import { createHash } from "node:crypto";
import { batches, loadDomain, sampleOrder, splitFingerprint, type LoadedDomain } from "../data/index.js";
import type { Plan, PlanHop, PlanRun } from "../plan/types.js";
import type { HopData, HopDataLoader } from "./data-source.js";

/**
 * The data layer's domains behind the executor's `HopData`. Shuffles and augmentation are keyed
 * by the run's seed and the epoch key, so every run of a plan sees its own, repeatable order.
 */
export function hopData(domain: LoadedDomain, hop: PlanHop, seed: number): HopData {
  const options = (request: { batchSize: number; shuffle: boolean; epoch: number; augment: boolean }) => ({
    batchSize: request.batchSize,
    shuffle: request.shuffle,
    seed,
    epoch: request.epoch,
    augment: request.augment ? hop.augment : [],
    normalization: hop.normalization,
  });
  return {
    domain: hop.domain,
    classes: hop.classes,
    image: domain.image,
    files: domain.splits,
    batches: (split, request) => batches(domain, split, options(request)),
    order: (split, request) => Int32Array.from(sampleOrder(domain.splits[split].length, { ...request, seed })),
    fingerprint: (split) => {
      const samples = splitFingerprint(domain, split);
      return (
        samples &&
        createHash("sha256")
          .update(JSON.stringify([samples, hop.normalization]))
          .digest("hex")
      );
    },
  };
}

export interface PlanData {
  loader: HopDataLoader;
  /** Every domain's problems (unusable files), which stop a run before training. */
  problems: LoadedDomain["problems"];
  /** Files left out under `--skip-bad-images`. */
  skipped: LoadedDomain["skipped"];
}

/**
 * Loads (lists, decodes into the cache, splits) the data of every hop of every run once per
 * domain and input size, before anything trains: a bad image is found now, not in epoch 3.
 */
export async function loadPlanData(
  plan: Plan,
  options: { baseDir: string; cacheDir: string; skipBadImages: boolean },
): Promise<PlanData> {
  const domains = new Map<string, LoadedDomain>();
  const key = (run: PlanRun, hop: PlanHop) => JSON.stringify([hop.domain, hop.data, hop.split, hop.classes, run.input]);
  for (const run of plan.runs) {
    for (const hop of run.hops) {
      if (!domains.has(key(run, hop)))
        domains.set(key(run, hop), await loadDomain(hop, { ...options, image: run.input }));
    }
  }
  const runs = new Map(plan.runs.map((run) => [run.id, run]));
  const all = [...domains.values()];
  return {
    problems: all.flatMap((d) => d.problems),
    skipped: all.flatMap((d) => d.skipped),
    loader: async (runId, h) => {
      const run = runs.get(runId)!;
      const hop = run.hops[h]!;
      return hopData(domains.get(key(run, hop))!, hop, run.seed);
    },
  };
}
