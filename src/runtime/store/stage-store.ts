import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Interrupted } from "../failure.js";
import type { StageRecord } from "../record-types.js";
import type { NamedArray } from "../../weights/types.js";
import { packArrays, unpackArrays } from "../snapshot.js";
import { DEFAULT_LOCK_TIMING, FileLock, LockWatch, type LockTiming } from "./lock.js";

/** What a stored stage says about itself in `entry.json`. */
export interface StageEntry {
  format: 1;
  key: string;
  stageHash: string;
  /** The run and stage that trained it: what `reused from RUN/STAGE` names. */
  runId: string;
  stage: string;
  backend: string;
  created: string;
  record: StageRecord;
  manifest: { name: string; shape: number[] }[];
}

export interface StoredStage {
  entry: StageEntry;
  weights: NamedArray[];
}

/** The outcome of `StageStore.obtain`: trained here, or read from the store. */
export type Obtained<T> = { trained: T } | { reused: StoredStage };

/**
 * The shared, content-addressed store of finished stages: under `DIR/KK/KEY/` the weights a
 * stage kept (`weights.bin`, the layout of tfjs weight shards) and its record (`entry.json`).
 *
 * - An entry is written whole into `DIR/tmp/` and renamed into place, so it appears complete or
 *   not at all; a writer killed half-way leaves only a folder under `tmp/`, which no reader looks
 *   at (pruned after a day). When two writers commit the same key, the second rename fails and
 *   its copy is dropped: both hold the same result.
 * - A stage is trained under `DIR/locks/KEY.lock` (see `FileLock`), so that of several runs
 *   needing it one trains and the others wait for its entry.
 */
export class StageStore {
  constructor(
    readonly dir: string,
    private readonly timing: LockTiming = DEFAULT_LOCK_TIMING,
    /** How often a waiter looks for the entry or a free lock. */
    private readonly pollMs = 500,
  ) {}

  entryDir(key: string): string {
    return join(this.dir, key.slice(0, 2), key);
  }

  lockPath(key: string): string {
    return join(this.dir, "locks", `${key}.lock`);
  }

  /** The stored stage under `key`, or null. */
  read(key: string): StoredStage | null {
    const dir = this.entryDir(key);
    if (!existsSync(join(dir, "entry.json"))) return null;
    const entry = JSON.parse(readFileSync(join(dir, "entry.json"), "utf8")) as StageEntry;
    return { entry, weights: unpackArrays(entry.manifest, readFileSync(join(dir, "weights.bin"))) };
  }

  /** Stores a stage's result under `key`; a no-op when an entry is already there. */
  commit(
    key: string,
    entry: Omit<StageEntry, "format" | "key" | "manifest" | "created">,
    weights: readonly NamedArray[],
  ): void {
    if (this.has(key)) return;
    const { manifest, data } = packArrays(weights);
    const tmp = join(this.dir, "tmp", `${key}.${process.pid}-${randomBytes(4).toString("hex")}`);
    mkdirSync(tmp, { recursive: true });
    try {
      writeFileSync(join(tmp, "weights.bin"), data);
      const full: StageEntry = { format: 1, key, ...entry, created: new Date().toISOString(), manifest };
      writeFileSync(join(tmp, "entry.json"), `${JSON.stringify(full, null, 1)}\n`);
      mkdirSync(join(this.dir, key.slice(0, 2)), { recursive: true });
      renameSync(tmp, this.entryDir(key));
    } catch (error) {
      // A rename onto an entry committed meanwhile fails (ENOTEMPTY, EEXIST): the entry is there.
      if (!this.has(key)) throw error;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  has(key: string): boolean {
    return existsSync(join(this.entryDir(key), "entry.json"));
  }

  /**
   * The stage under `key`: read from the store when there, else trained by `train` under the
   * key's lock and committed. While another process holds the lock, waits for its entry; a lock
   * whose holder died is taken over. `stop` is checked while waiting: Ctrl-C
   * there throws `Interrupted`, as it does between batches.
   */
  async obtain<T>(
    key: string,
    purpose: string,
    train: () => Promise<{ result: T; commit: () => void }>,
    stop: () => boolean = () => false,
  ): Promise<Obtained<T>> {
    const watch = new LockWatch(this.lockPath(key), this.timing);
    for (;;) {
      const stored = this.read(key);
      if (stored) return { reused: stored };
      const lock = FileLock.tryAcquire(this.lockPath(key), purpose, this.timing);
      if (lock) {
        try {
          // Committed between the look above and the lock.
          const late = this.read(key);
          if (late) return { reused: late };
          const { result, commit } = await train();
          commit();
          return { trained: result };
        } finally {
          lock.release();
        }
      }
      if (!watch.held()) watch.breakStale();
      else {
        if (stop()) throw new Interrupted();
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    }
  }

  /** Removes what killed writers left under `tmp/` more than `ageMs` ago. */
  pruneTemporary(ageMs = 24 * 3600_000): void {
    const tmp = join(this.dir, "tmp");
    if (!existsSync(tmp)) return;
    for (const name of readdirSync(tmp)) {
      const path = join(tmp, name);
      try {
        if (Date.now() - statSync(path).mtimeMs > ageMs) rmSync(path, { recursive: true, force: true });
      } catch {
        // Renamed into place or removed by its writer meanwhile.
      }
    }
  }
}
