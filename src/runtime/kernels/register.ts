import type { GradConfig, KernelConfig } from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";
import { batchNormGradient } from "./batch-norm-gradient.js";
import { convGradientKernels } from "./conv-kernels.js";
import { maxPoolGradKernel } from "./max-pool-grad.js";
import { unsortedSegmentSumKernel } from "./unsorted-segment-sum.js";

/** thtl's kernels for the wasm backend: the gradients it lacks and faster versions of slow ones. */
export const wasmKernels: KernelConfig[] = [...convGradientKernels, maxPoolGradKernel, unsortedSegmentSumKernel];

/**
 * Gradients (registered for every backend: tfjs keys gradients by kernel name alone) that compute
 * the same values as tfjs-core's with fewer full-size intermediates.
 */
export const leanGradients: GradConfig[] = [batchNormGradient];

/** Registers the kernels and gradients above once; re-registering would only print tfjs warnings. */
export function registerWasmKernels(tf: TfNamespace): void {
  for (const gradient of leanGradients) tf.registerGradient(gradient);
  for (const kernel of wasmKernels) {
    const current = tf.getKernel(kernel.kernelName, "wasm");
    if (current === kernel) continue;
    if (current !== undefined) tf.unregisterKernel(kernel.kernelName, "wasm");
    tf.registerKernel(kernel);
  }
}
