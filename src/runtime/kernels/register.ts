import type { TfNamespace } from "../tf.js";
import type { KernelConfig } from "@tensorflow/tfjs-core";

/** thtl's kernels for the wasm backend: the gradients it lacks and faster versions of slow ones. */
const wasmKernels: KernelConfig[] = [];

/** Registers (once) the kernels above; re-registering would only print tfjs warnings. */
export function registerWasmKernels(tf: TfNamespace): void {
  for (const kernel of wasmKernels) {
    if (tf.getKernel(kernel.kernelName, "wasm") === kernel) continue;
    if (tf.getKernel(kernel.kernelName, "wasm") !== undefined) tf.unregisterKernel(kernel.kernelName, "wasm");
    tf.registerKernel(kernel);
  }
}
