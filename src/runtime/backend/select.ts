import type { BackendInfo } from "../events.js";
import { loadTf, type TfNamespace } from "../tf.js";
import { firstLine, loadNative, type NativePackage } from "./native.js";
import { useWasm } from "./wasm.js";

export type BackendPreference = "auto" | "tensorflow" | "wasm" | "cpu";

export const backendPreferences: readonly BackendPreference[] = ["auto", "tensorflow", "wasm", "cpu"];

/** A backend that was asked for by name cannot run here; the message says why and what to do. */
export class BackendUnavailableError extends Error {}

const nativePackages: NativePackage[] = ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"];
const WASM = "@tensorflow/tfjs-backend-wasm";
const CPU = "@tensorflow/tfjs-backend-cpu";

export interface BackendOptions {
  /**
   * Threads for the wasm backend's XNNPACK pool (default: every core on the main thread; the
   * `THTL_WASM_THREADS` environment variable wins). Fixed by the first selection in a process.
   * Depthwise-heavy networks (MobileNetV2, EfficientNet) train faster with 1 (docs/performance.md).
   */
  wasmThreads?: number;
}

/**
 * Loads TensorFlow.js and makes the preferred backend current. `auto` takes the fastest that
 * works (tfjs-node-gpu, tfjs-node, wasm, cpu) and lists in `info.notes` why each faster one was
 * passed over; a backend asked for by name either runs or throws `BackendUnavailableError`.
 */
export async function selectBackend(
  preference: BackendPreference,
  options: BackendOptions = {},
): Promise<{ tf: TfNamespace; info: BackendInfo }> {
  const tf = await loadTf();
  const notes: string[] = [];
  if (preference === "auto" || preference === "tensorflow") {
    for (const pkg of nativePackages) {
      const result = await loadNative(tf, pkg);
      if (result.ok) return { tf, info: nativeInfo(pkg, result.gpu, notes) };
      notes.push(result.note);
    }
    if (preference === "tensorflow") throw new BackendUnavailableError(tensorflowMissing(notes));
  }
  if (preference === "auto" || preference === "wasm") {
    try {
      const threads = await useWasm(tf, options.wasmThreads);
      return { tf, info: { name: "wasm", package: WASM, gpu: false, threads, notes } };
    } catch (error) {
      const note = `${WASM}: failed to load: ${firstLine(error)}`;
      if (preference === "wasm") throw new BackendUnavailableError(`The wasm backend cannot run here.\n${note}`);
      notes.push(note);
    }
  }
  await tf.setBackend("cpu");
  return { tf, info: { name: "cpu", package: CPU, gpu: false, threads: 1, notes } };
}

function nativeInfo(pkg: NativePackage, gpu: boolean, notes: string[]): BackendInfo {
  if (pkg === "@tensorflow/tfjs-node-gpu" && !gpu) {
    notes.push(`${pkg}: loaded, but found no usable GPU (it needs CUDA 11.2 and cuDNN 8.1); running on the CPU`);
  }
  return { name: "tensorflow", package: pkg, gpu, threads: 1, notes };
}

function tensorflowMissing(notes: string[]): string {
  return [
    "The tensorflow backend is not available:",
    ...notes.map((note) => `  ${note}`),
    "Install it with `npm install @tensorflow/tfjs-node` (or `@tensorflow/tfjs-node-gpu` with CUDA 11.2 and cuDNN 8.1);",
    "its install downloads libtensorflow from storage.googleapis.com.",
    "Or run with `--backend auto` to use the fastest backend available.",
  ].join("\n");
}
