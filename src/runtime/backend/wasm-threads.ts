import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isMainThread } from "node:worker_threads";
import { writeFileAtomic } from "../../util/atomic-write.js";

/** XNNPACK's pool in tfjs's threaded build has eight workers at most. */
const MAX_THREADS = 8;

/**
 * How many threads the wasm backend's XNNPACK pool gets: `THTL_WASM_THREADS` if set, else what the
 * caller asks for, else every core on the main thread and one in a worker thread (the replicas of
 * src/runtime/parallel already take a core each). 1 keeps the single-threaded build.
 */
export function wasmThreadCount(requested?: number): number {
  const fromEnvironment = Number(process.env.THTL_WASM_THREADS);
  const asked = Number.isInteger(fromEnvironment) && fromEnvironment >= 1 ? fromEnvironment : requested;
  if (asked !== undefined && Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_THREADS);
  return isMainThread ? Math.min(os.availableParallelism(), MAX_THREADS) : 1;
}

// tfjs 4.22's Node bundle defines these at its top and the threaded module's source uses them;
// the source runs again, alone, in each pool worker.
const MAIN_PRELUDE =
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis;\n";
const WORKER_PRELUDE = "URL.createObjectURL = (blob) => blob.path; URL.revokeObjectURL = () => {};\n";

/** A temporary folder for the pool workers' scripts (removed at exit), or null if none can be made. */
export function scriptsFolder(): string | null {
  try {
    const folder = mkdtempSync(path.join(os.tmpdir(), "thtl-wasm-"));
    process.once("exit", () => rmSync(folder, { recursive: true, force: true }));
    return folder;
  } catch {
    return null;
  }
}

/**
 * Runs `start`, which initialises tfjs's wasm backend, so that its threaded-SIMD build works in
 * Node (tensorflow/tfjs#3830: tfjs enables it only in browsers). That build hands its pool workers
 * scripts as Blob URLs, which Node's Worker cannot load, so during `start` Blobs become files in
 * `folder`. Its C++ also takes half the logical cores as the most threads it will use (assuming
 * hyper-threading), so `os.cpus()` reports `2 * threads` meanwhile.
 */
export async function startThreaded<T>(threads: number, folder: string, start: () => Promise<T>): Promise<T> {
  class FileBlob {
    readonly path: string;
    constructor(parts: unknown[], options?: { type?: string }) {
      const worker = options?.type === "application/javascript";
      this.path = path.join(folder, worker ? "worker.cjs" : "main.cjs");
      writeFileAtomic(this.path, (worker ? WORKER_PRELUDE : MAIN_PRELUDE) + parts.join(""));
    }
  }
  const saved = { Blob: globalThis.Blob, createObjectURL: URL.createObjectURL, cpus: os.cpus };
  globalThis.Blob = FileBlob as unknown as typeof Blob;
  URL.createObjectURL = (blob: Blob) => (blob instanceof FileBlob ? blob.path : saved.createObjectURL(blob));
  os.cpus = () => Array.from({ length: 2 * threads }, () => saved.cpus()[0]!);
  try {
    return await start();
  } finally {
    globalThis.Blob = saved.Blob;
    URL.createObjectURL = saved.createObjectURL;
    os.cpus = saved.cpus;
  }
}

/** Pool workers must not keep Node running once the program is done. */
export function unrefPoolWorkers(backend: unknown): void {
  const pool = (
    backend as { wasm?: { PThread?: { unusedWorkers: { unref(): void }[]; runningWorkers: { unref(): void }[] } } }
  ).wasm?.PThread;
  for (const worker of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) worker.unref();
}
