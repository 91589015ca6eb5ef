import type { PlanSplit } from "../plan/types.js";
import type { Sample } from "./types.js";
import { hashInts, hashString } from "./random.js";

/**
 * A sample with the key the split orders it by (its path relative to the data root, `/`-separated)
 * and the path problems show (as the user wrote the data path).
 */
export interface KeyedSample extends Sample {
  key: string;
  shown: string;
}

/**
 * Stratified, seeded split. Within each class, samples are ordered by a hash of (seed, key) with
 * the key itself breaking ties, so the result depends only on the set of files and the seed, never
 * on the order the file system listed them. Each class is cut by percentages (rounded, the
 * remainder going to the last non-empty part), so every split holds every class in proportion.
 */
export function stratifiedSplit(samples: readonly KeyedSample[], split: PlanSplit, classCount: number) {
  const byClass: KeyedSample[][] = Array.from({ length: classCount }, () => []);
  for (const sample of samples) byClass[sample.label].push(sample);
  const result = { train: [] as Sample[], val: [] as Sample[], test: [] as Sample[] };
  for (const members of byClass) {
    const ordered = members
      .map((sample) => ({ sample, rank: hashInts(split.seed, hashString(sample.key)) }))
      .sort((a, b) => a.rank - b.rank || (a.sample.key < b.sample.key ? -1 : a.sample.key > b.sample.key ? 1 : 0))
      .map(({ sample }) => ({ file: sample.file, label: sample.label }));
    const [train, val] = partSizes(ordered.length, split);
    result.train.push(...ordered.slice(0, train));
    result.val.push(...ordered.slice(train, train + val));
    result.test.push(...ordered.slice(train + val));
  }
  return result;
}

/** Train and val counts for `n` images; test takes the rest (none for a two-way split). */
function partSizes(n: number, split: PlanSplit): [number, number] {
  const train = Math.round((n * split.train) / 100);
  if (split.test === 0) return [train, n - train];
  const val = Math.min(n - train, Math.round((n * split.val) / 100));
  return [train, val];
}
