import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Disk the kept prefix features may use unless `THTL_FEATURE_CACHE_MB` says otherwise. */
const DEFAULT_BUDGET_MB = 4096;

export function featureBudgetBytes(): number {
  const asked = Number(process.env.THTL_FEATURE_CACHE_MB);
  return (Number.isFinite(asked) && asked >= 0 ? asked : DEFAULT_BUDGET_MB) * 2 ** 20;
}

/**
 * Removes partial stores abandoned by killed runs, then the least recently used feature stores
 * under `folder` until the rest fit in `budget` bytes, never one of `inUse`. Stores are used when
 * written or reused (their modification time is touched), so a schedule's repeated prefixes stay
 * while one-off ones go first.
 */
export function pruneFeatures(folder: string, budget: number, inUse: ReadonlySet<string>): void {
  const files = listFiles(folder);
  // A store being written is touched by every batch; one untouched for an hour was left by a
  // killed run, and would otherwise stay forever.
  const abandoned = files.filter((f) => f.file.endsWith(".tmp") && f.used < Date.now() - ABANDONED_MS);
  for (const partial of abandoned) rmSync(partial.file, { force: true });
  const stores = files.filter((f) => f.file.endsWith(".f32")).sort((a, b) => a.used - b.used);
  let total = stores.reduce((sum, store) => sum + store.bytes, 0);
  for (const store of stores) {
    if (total <= budget) break;
    if (inUse.has(store.file)) continue;
    rmSync(store.file, { force: true });
    total -= store.bytes;
  }
}

const ABANDONED_MS = 60 * 60 * 1000;

function listFiles(folder: string): { file: string; bytes: number; used: number }[] {
  let names: string[];
  try {
    names = readdirSync(folder, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".f32") || name.endsWith(".tmp"))
    .flatMap((name) => {
      const file = join(folder, name);
      // Another run may remove a store between the listing and here.
      const stat = statSync(file, { throwIfNoEntry: false });
      return stat ? [{ file, bytes: stat.size, used: stat.mtimeMs }] : [];
    });
}
