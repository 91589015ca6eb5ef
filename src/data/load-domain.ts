import type { PlanHop } from "../plan/types.js";
import { ensureCached } from "./cache.js";
import type { DataProblem, LoadedDomain, LoadOptions } from "./types.js";
import { BadImageError } from "./decode.js";
import { rememberCacheEntries } from "./entries.js";
import { mapLimited } from "./pool.js";
import { dataProblem, isSkippable } from "./problems.js";
import { listCsv } from "./sources/csv-file.js";
import { listImageFolder } from "./sources/imagefolder.js";
import type { Listing } from "./sources/listing.js";
import { stratifiedSplit, type KeyedSample } from "./split.js";
import { ensureSynthFolder } from "./synth/cache-folder.js";
import { SYNTH_CLASSES } from "./synth/kinds.js";

/** Decodes in flight during the check: enough to keep sharp's threads busy, few enough to bound memory. */
const DECODE_CONCURRENCY = 8;

/**
 * Lists a hop's data, decodes every image once (into the on-disk cache, so that a corrupt file is
 * found before training rather than in epoch 3, and later epochs and runs read pixels straight
 * from the cache) and splits what decoded. Nothing is dropped silently: every file that cannot be
 * used is in `problems`, or in `skipped` when `skipBadImages` allows leaving it out.
 */
export async function loadDomain(hop: PlanHop, options: LoadOptions): Promise<LoadedDomain> {
  const listing = await listSource(hop, options);
  const entries = new Map<string, string>();
  const unreadable: DataProblem[] = [];
  let done = 0;
  await mapLimited(listing.samples, DECODE_CONCURRENCY, async (sample) => {
    try {
      entries.set(sample.file, await ensureCached(sample.file, options.image, options.cacheDir));
    } catch (error) {
      if (!(error instanceof BadImageError)) throw error;
      unreadable.push(dataProblem("THTL3000", { file: sample.shown, reason: error.message }));
    }
    options.progress?.({ phase: "decode", done: ++done, total: listing.samples.length });
  });
  unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const all = [...listing.problems, ...unreadable];
  const usable: KeyedSample[] = listing.samples.filter((sample) => entries.has(sample.file));
  const domain: LoadedDomain = {
    domain: hop.domain,
    classes: listing.classes,
    splits: stratifiedSplit(usable, hop.split, listing.classes.length),
    image: { ...options.image },
    problems: options.skipBadImages ? all.filter((problem) => !isSkippable(problem)) : all,
    skipped: options.skipBadImages ? all.filter(isSkippable) : [],
  };
  rememberCacheEntries(domain, entries);
  return domain;
}

async function listSource(hop: PlanHop, options: LoadOptions): Promise<Listing> {
  const data = hop.data;
  switch (data.kind) {
    case "imagefolder":
      return listImageFolder(options.baseDir, data.path, hop.classes);
    case "csv":
      return listCsv(options.baseDir, data.path, data.root, hop.classes);
    case "synth": {
      const request = { kind: data.synth, count: data.count, seed: hop.split.seed, size: options.image, cacheDir: options.cacheDir };
      const folder = await ensureSynthFolder(request, (done, total) => options.progress?.({ phase: "generate", done, total }));
      const classes = hop.classes.length > 0 ? hop.classes : [...SYNTH_CLASSES[data.synth]];
      return listImageFolder(options.baseDir, folder, classes);
    }
  }
}
