import type { LoadedDomain } from "./dataset.js";

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
