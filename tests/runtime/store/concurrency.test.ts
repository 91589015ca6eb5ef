import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StageRecord } from "../../../src/runtime/record-types.js";
import { FileLock } from "../../../src/runtime/store/lock.js";
import { StageStore } from "../../../src/runtime/store/stage-store.js";
import { tempDirs } from "../helpers.js";

const tempDir = tempDirs("thtl-store-");
const tsChild = join(import.meta.dirname, "..", "fixtures", "ts-child.mjs");
const storeChild = join(import.meta.dirname, "..", "fixtures", "store-child.ts");
const record: StageRecord = {
  name: "s",
  hash: "h",
  epochs: [],
  done: true,
  stoppedEarly: false,
  best: null,
  kept: "last",
  cachedPrefix: false,
};
const entry = { stageHash: "h", runId: "e/m/seed1", stage: "s", backend: "cpu", record };
const weights = [{ name: "w", shape: [3], values: Float32Array.from([1, 2, 3]) }];

function child(...args: string[]) {
  const proc = spawn(process.execPath, [tsChild, storeChild, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  proc.stdout!.on("data", (chunk: Buffer) => void (out += chunk.toString()));
  const done = new Promise<{ code: number | string | null; out: string }>((resolve) =>
    proc.on("exit", (code, signal) => resolve({ code: signal ?? code, out })),
  );
  return { proc, done, out: () => out };
}

/** Trains (returns "trained") unless the store has the key; reports how long it took. */
async function obtain(store: StageStore, key: string) {
  const started = Date.now();
  const got = await store.obtain(key, "test", async () => ({
    result: "trained",
    commit: () => store.commit(key, entry, weights),
  }));
  return { how: "trained" in got ? "trained" : "reused", ms: Date.now() - started };
}

describe("stage store concurrency", () => {
  it("two processes racing for the same stage: one trains, the other waits and reuses its result", async () => {
    const dir = tempDir();
    const [a, b] = [child("race", dir, "abc123"), child("race", dir, "abc123")];
    const results = await Promise.all([a.done, b.done]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const lines = results.map((r) => r.out.trim()).sort();
    expect(lines[0]).toMatch(/^reused from child-\d+\/s$/);
    expect(lines[1]).toBe("trained");
    expect(new StageStore(dir).read("abc123")!.weights[3]!.values[0]).toBe(3.5);
    expect(existsSync(join(dir, "locks", "abc123.lock"))).toBe(false);
  }, 60_000);

  it("takes over a lock whose holder on this host is dead, at once", async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const store = new StageStore(dir, { heartbeatMs: 50, staleMs: 60_000 }, 20);
    mkdirSync(join(dir, "locks"), { recursive: true });
    writeFileSync(
      store.lockPath("k1"),
      JSON.stringify({ host: hostname(), pid: Number(dead.stdout), token: "old", purpose: "test" }),
    );
    const result = await obtain(store, "k1");
    expect(result.how).toBe("trained");
    expect(result.ms).toBeLessThan(5_000);
  });

  it("takes over a lock from another host once its heartbeat has stopped for the stale time, not before", async () => {
    const dir = tempDir();
    const store = new StageStore(dir, { heartbeatMs: 50, staleMs: 600 }, 20);
    mkdirSync(join(dir, "locks"), { recursive: true });
    writeFileSync(store.lockPath("k2"), JSON.stringify({ host: "elsewhere", pid: 1, token: "old", purpose: "test" }));
    // An old mtime means nothing by itself (clocks differ): the waiter times the silence itself.
    utimesSync(store.lockPath("k2"), new Date(0), new Date(0));
    const result = await obtain(store, "k2");
    expect(result.how).toBe("trained");
    expect(result.ms).toBeGreaterThanOrEqual(600);
  });

  it("waits for a live holder whose heartbeat goes on, and reuses what it commits", async () => {
    const dir = tempDir();
    // Held twice the stale time: only the heartbeat keeps the waiter from taking it over.
    const timing = { heartbeatMs: 50, staleMs: 1_500 };
    const store = new StageStore(dir, timing, 20);
    const lock = FileLock.tryAcquire(store.lockPath("k3"), "holder", timing)!;
    setTimeout(() => {
      store.commit("k3", entry, weights);
      lock.release();
    }, 3_000);
    const result = await obtain(store, "k3");
    expect(result.how).toBe("reused");
    expect(result.ms).toBeGreaterThanOrEqual(3_000);
  });

  it("a writer killed at a random moment leaves no entry that a reader could take for complete", async () => {
    const dir = tempDir();
    const writer = child("commit-loop", dir);
    const after = 2 + Math.floor(Math.random() * 4);
    await new Promise<void>((resolve) => {
      writer.proc.stdout!.on("data", () => {
        if (writer.out().split("\n").length > after) resolve();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    writer.proc.kill("SIGKILL");
    expect((await writer.done).code).toBe("SIGKILL");
    const store = new StageStore(dir);
    const keys = readdirSync(dir)
      .filter((name) => /^k\d/.test(name))
      .flatMap((prefix) => readdirSync(join(dir, prefix)));
    expect(keys.length).toBeGreaterThanOrEqual(after);
    for (const key of keys) {
      const stored = store.read(key)!;
      expect(stored.weights).toHaveLength(8);
      stored.weights.forEach((w, i) => expect(w.values.every((v) => v === i + 0.5)).toBe(true));
    }
    // Keys are committed in order: the one being written when the writer died is absent, and committing it works.
    const next = `k${keys.length}`;
    expect(store.has(next)).toBe(false);
    store.commit(next, entry, weights);
    expect(store.read(next)!.weights[0]!.values).toEqual(weights[0]!.values);
  }, 60_000);
});
