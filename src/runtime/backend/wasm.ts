import { createRequire } from "node:module";
import path from "node:path";
import type { TfNamespace } from "../tf.js";
import { startHelper } from "../kernels/loops/js-pool.js";
import type { WasmMemory } from "../kernels/loops/js-pool-protocol.js";
import { scriptsFolder, startThreaded, unrefPoolWorkers, wasmThreadCount } from "./wasm-threads.js";

let started: Promise<number> | undefined;

/**
 * Makes the wasm backend current, with thtl's kernels registered, and returns how many threads
 * its XNNPACK pool uses (`wasmThreadCount(threads)`; fixed by the first call in a process). The
 * `.wasm` binaries are read from the installed package's `dist` folder, never fetched.
 */
export async function useWasm(tf: TfNamespace, threads?: number): Promise<number> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const { registerWasmKernels } = await import("../kernels/register.js");
  registerWasmKernels(tf);
  started ??= (async () => {
    wasm.setWasmPaths(wasmDistFolder());
    const count = wasmThreadCount(threads);
    // Without a folder for the pool's scripts, the single-threaded build still works.
    const folder = count > 1 ? scriptsFolder() : null;
    if (folder) {
      tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
      wasm.setThreadsCount(count);
    }
    const ok = await (folder ? startThreaded(count, folder, () => tf.setBackend("wasm")) : tf.setBackend("wasm"));
    if (!ok) throw new Error("the wasm backend did not initialise");
    const backend = tf.findBackend("wasm");
    unrefPoolWorkers(backend);
    await startJsHelper(backend);
    return wasm.getThreadsCount();
  })();
  const poolSize = await started;
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not initialise");
  return poolSize;
}

/**
 * With the threaded build, a helper thread takes half of the work of our kernels' JavaScript
 * loops (src/runtime/kernels/loops/js-pool.ts), which would otherwise leave the other cores idle.
 */
async function startJsHelper(backend: unknown): Promise<void> {
  const memory = (backend as { wasm?: { wasmMemory?: WasmMemory } }).wasm?.wasmMemory;
  if (memory === undefined) return;
  try {
    await startHelper(memory);
  } catch (error) {
    process.emitWarning(`thtl: the JavaScript loops stay on one thread (${String(error)})`);
  }
}

function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return path.join(path.dirname(packageJson), "dist") + path.sep;
}
