import {
  Add,
  BatchMatMul,
  ClipByValue,
  Concat,
  Conv2D,
  FusedBatchNorm,
  FusedConv2D,
  Identity,
  Mean,
  Multiply,
  PadV2,
  Relu,
  Relu6,
  Slice,
  SplitV,
  type GradConfig,
  type KernelConfig,
} from "@tensorflow/tfjs-core";
import type { TfNamespace } from "../tf.js";
import { clampKernel } from "./activation/clamp.js";
import { binaryKernel } from "./elementwise/binary.js";
import { meanKernel } from "./elementwise/mean.js";
import { batchNormGradient } from "./batch-norm/batch-norm-gradient.js";
import { batchNormClampKernel, fusedBatchNormKernel } from "./batch-norm/batch-norm-inference.js";
import { batchNormTrainingGradient, batchNormTrainingKernels } from "./batch-norm/batch-norm-training.js";
import { convGradientKernels } from "./convolution/conv-kernels.js";
import { conv2DKernel, convBatchNormKernel, fusedConv2DKernel } from "./convolution/forward-kernels.js";
import { preferLazyConvGradients } from "./convolution/lazy-conv-gradients.js";
import { batchMatMulKernel } from "./ops/batch-mat-mul.js";
import { concatKernel } from "./ops/concat.js";
import { padKernel } from "./ops/pad.js";
import { identityKernel } from "./ops/identity.js";
import { maxPoolGradKernel } from "./ops/max-pool-grad.js";
import { rangeGradients, rangeGradKernel } from "./ops/range-gradient.js";
import { sliceKernel } from "./ops/slice.js";
import { splitVKernel } from "./ops/split-v.js";
import { unsortedSegmentSumKernel } from "./ops/unsorted-segment-sum.js";

/** thtl's kernels for the wasm backend: the gradients it lacks and faster versions of slow ones. */
export const wasmKernels: KernelConfig[] = [
  ...convGradientKernels,
  maxPoolGradKernel,
  unsortedSegmentSumKernel,
  ...batchNormTrainingKernels,
  batchNormClampKernel,
  rangeGradKernel,
];

/** Kernels that replace wasm's own but hand it the cases they leave alone. */
const wrappers: { kernelName: string; wrap: (shipped: KernelConfig) => KernelConfig }[] = [
  { kernelName: Slice, wrap: sliceKernel },
  { kernelName: Conv2D, wrap: conv2DKernel },
  { kernelName: FusedConv2D, wrap: fusedConv2DKernel },
  // Not a replacement: ThtlConvBatchNorm, which hands wasm's FusedConv2D what thtl's kernels leave.
  { kernelName: FusedConv2D, wrap: convBatchNormKernel },
  { kernelName: BatchMatMul, wrap: batchMatMulKernel },
  { kernelName: Identity, wrap: identityKernel },
  { kernelName: FusedBatchNorm, wrap: fusedBatchNormKernel },
  { kernelName: SplitV, wrap: splitVKernel },
  { kernelName: Relu, wrap: clampKernel },
  { kernelName: Relu6, wrap: clampKernel },
  { kernelName: ClipByValue, wrap: clampKernel },
  { kernelName: Add, wrap: binaryKernel },
  { kernelName: Multiply, wrap: binaryKernel },
  { kernelName: Mean, wrap: meanKernel },
  { kernelName: Concat, wrap: concatKernel },
  { kernelName: PadV2, wrap: padKernel },
];

/**
 * The gradient of our batch-norm training kernel; FusedBatchNorm's computed as tfjs-core does but
 * with fewer full-size intermediates; Relu's, Relu6's and ClipByValue's through one kernel on wasm. tfjs keys
 * gradients by kernel name alone, so these apply to every backend (same values).
 */
export const gradients: GradConfig[] = [batchNormTrainingGradient, batchNormGradient, ...rangeGradients];

let registered: KernelConfig[] | undefined;

/** Registers the kernels and gradients above once; re-registering would only print tfjs warnings. */
export function registerWasmKernels(tf: TfNamespace): void {
  for (const gradient of gradients) tf.registerGradient(gradient);
  preferLazyConvGradients(tf);
  registered ??= [...wasmKernels, ...wrappers.map(({ kernelName, wrap }) => wrap(tf.getKernel(kernelName, "wasm")))];
  for (const kernel of registered) {
    const current = tf.getKernel(kernel.kernelName, "wasm");
    if (current === kernel) continue;
    if (current !== undefined) tf.unregisterKernel(kernel.kernelName, "wasm");
    tf.registerKernel(kernel);
  }
}
