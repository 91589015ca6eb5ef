import { createRequire } from "node:module";
import path from "node:path";
import type { TfNamespace } from "../tf.js";

let pathsSet = false;

/**
 * Makes the wasm backend current, with thtl's gradient kernels registered. The `.wasm` binaries
 * are read from the installed package's `dist` folder, never fetched from the network.
 */
export async function useWasm(tf: TfNamespace): Promise<void> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  if (!pathsSet) {
    wasm.setWasmPaths(wasmDistFolder());
    pathsSet = true;
  }
  const { registerWasmKernels } = await import("../kernels/register.js");
  registerWasmKernels(tf);
  if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not initialise");
}

function wasmDistFolder(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@tensorflow/tfjs-backend-wasm/package.json");
  return path.join(path.dirname(packageJson), "dist") + path.sep;
}
