import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Disk the kept prefix features may use unless `THTL_FEATURE_CACHE_MB` says otherwise. */
const DEFAULT_BUDGET_MB = 4096;

export function featureBudgetBytes(): number {
  const asked = Number(process.env.THTL_FEATURE_CACHE_MB);
  return (Number.isFinite(asked) && asked >= 0 ? asked : DEFAULT_BUDGET_MB) * 2 ** 20;
}

/**
 * Removes the least recently used feature stores under `folder` until the rest fit in
 * `budget` bytes, never one of `inUse`. Stores are used when written or reused (their modification
 * time is touched), so a schedule's repeated prefixes stay while one-off ones go first.
 */
export function pruneFeatures(folder: string, budget: number, inUse: ReadonlySet<string>): void {
  const stores = listStores(folder).sort((a, b) => a.used - b.used);
  let total = stores.reduce((sum, store) => sum + store.bytes, 0);
  for (const store of stores) {
    if (total <= budget) break;
    if (inUse.has(store.file)) continue;
    rmSync(store.file, { force: true });
    total -= store.bytes;
  }
}

function listStores(folder: string): { file: string; bytes: number; used: number }[] {
  let names: string[];
  try {
    names = readdirSync(folder, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(".f32"))
    .flatMap((name) => {
      const file = join(folder, name);
      // Another run may remove a store between the listing and here.
      const stat = statSync(file, { throwIfNoEntry: false });
      return stat ? [{ file, bytes: stat.size, used: stat.mtimeMs }] : [];
    });
}
