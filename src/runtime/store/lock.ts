import { randomBytes } from "node:crypto";
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { processExists } from "../../util/io.js";

/**
 * How often a lock holder refreshes its lock's modification time, and how long a waiter watches
 * an unchanging one before taking it over. Staleness is judged by the waiter's own clock between
 * two observations of the same mtime, never by comparing the mtime with the clock: nodes of a
 * cluster disagree about the time, and an NFS server stamps mtimes with its own.
 */
export interface LockTiming {
  heartbeatMs: number;
  staleMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { heartbeatMs: 10_000, staleMs: 90_000 };

/** Who holds a lock: written into the lock file when it is created. */
export interface LockOwner {
  host: string;
  pid: number;
  token: string;
  /** What the holder is doing, for people reading the lock file. */
  purpose: string;
}

/**
 * A lock file created with `O_CREAT | O_EXCL` (`open(path, "wx")`), which NFS v3 and later
 * honour, unlike `flock`. While held, a timer refreshes its mtime (the heartbeat); a holder that
 * dies stops refreshing, and waiters take the lock over (see `LockWatch`).
 */
export class FileLock {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
    timing: LockTiming,
  ) {
    this.timer = setInterval(() => this.beat(), timing.heartbeatMs);
    // A lock must never keep a finished process alive.
    this.timer.unref();
  }

  /** The lock, or null when another holder has it. */
  static tryAcquire(path: string, purpose: string, timing: LockTiming = DEFAULT_LOCK_TIMING): FileLock | null {
    mkdirSync(dirname(path), { recursive: true });
    const owner: LockOwner = { host: hostname(), pid: process.pid, token: randomBytes(8).toString("hex"), purpose };
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return null;
      throw error;
    }
    try {
      writeSync(fd, `${JSON.stringify(owner)}\n`);
    } finally {
      closeSync(fd);
    }
    return new FileLock(path, owner, timing);
  }

  /** Stops the heartbeat and removes the lock file, unless a waiter has taken it over meanwhile. */
  release(): void {
    clearInterval(this.timer);
    if (readOwner(this.path)?.token === this.owner.token) rmSync(this.path, { force: true });
  }

  private beat(): void {
    try {
      const now = new Date();
      utimesSync(this.path, now, now);
    } catch {
      // Taken over (the file is gone): the store's commit stays safe without the lock.
    }
  }
}

/** The owner written in a lock file; null when it cannot be read (gone, or its writer died before writing). */
export function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/**
 * A waiter's view of someone else's lock: stale when its holder is a dead process on this host,
 * or when its mtime has not changed for `staleMs` of the waiter's time.
 */
export class LockWatch {
  private seen: { mtimeMs: number; at: number } | null = null;

  constructor(
    readonly path: string,
    private readonly timing: LockTiming = DEFAULT_LOCK_TIMING,
  ) {}

  /** True when the lock is held by a live holder (or may be); false when absent or stale. */
  held(): boolean {
    const mtimeMs = mtimeOf(this.path);
    if (mtimeMs === null) return false;
    const now = Date.now();
    if (!this.seen || this.seen.mtimeMs !== mtimeMs) this.seen = { mtimeMs, at: now };
    if (deadHolder(this.path)) return false;
    return now - this.seen.at < this.timing.staleMs;
  }

  /**
   * Removes a stale lock so that `FileLock.tryAcquire` can be tried again. The lock is first
   * renamed aside (rename is atomic: of several waiters, one succeeds); if what was renamed is not
   * the stale lock observed (a new holder took it meanwhile), it is linked back, which fails
   * rather than overwrite when yet another lock was created since.
   */
  breakStale(): void {
    const observed = this.seen?.mtimeMs ?? null;
    const aside = `${this.path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
    try {
      renameSync(this.path, aside);
    } catch {
      return;
    }
    const dead = deadHolder(aside);
    if (!dead && mtimeOf(aside) !== observed) {
      try {
        linkSync(aside, this.path);
      } catch {
        // Another lock exists now: the displaced holder's commit stays safe without its lock.
      }
    }
    rmSync(aside, { force: true });
    this.seen = null;
  }
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** A holder on this host whose process no longer exists (another host's holders are judged by their heartbeat). */
function deadHolder(path: string): boolean {
  const owner = readOwner(path);
  if (!owner || owner.host !== hostname()) return false;
  return !processExists(owner.pid);
}
