import { createHash } from "node:crypto";
import type { LoadedDomain } from "./types.js";

/**
 * Where `loadDomain` cached each file's decoded pixels, kept beside the domain rather than in it
 * so that `LoadedDomain` stays plain data. A domain built by hand has none, and is decoded afresh.
 */
const ENTRIES = new WeakMap<LoadedDomain, ReadonlyMap<string, string>>();

export function rememberCacheEntries(domain: LoadedDomain, entries: ReadonlyMap<string, string>): void {
  ENTRIES.set(domain, entries);
}

export function cacheEntryOf(domain: LoadedDomain, file: string): string | undefined {
  return ENTRIES.get(domain)?.get(file);
}

/**
 * A digest of a split's samples in position order: each one's cache entry (whose path names its
 * content hash, the decoded size and the decoder's version) and label. Equal digests mean equal
 * decoded pixels, wherever the files live; null when a sample has no entry (a domain built by hand).
 */
export function splitFingerprint(domain: LoadedDomain, split: "train" | "val" | "test"): string | null {
  const entries = ENTRIES.get(domain);
  if (!entries) return null;
  const hash = createHash("sha256");
  for (const sample of domain.splits[split]) {
    const entry = entries.get(sample.file);
    if (entry === undefined) return null;
    hash.update(`${entry} ${sample.label}\n`);
  }
  return hash.digest("hex");
}
