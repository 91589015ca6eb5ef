/**
 * The names of thtl's inference-only kernels on wasm, which inference's forward pass runs where the
 * backend has them (`src/runtime/forward/`). This file imports no tfjs values, so model code can
 * use it and still load tfjs lazily. No gradients: nothing records them on a tape.
 */

/** Batch norm with given statistics, then a clamp (ReLU, ReLU6): `batch-norm/batch-norm-inference.ts`. */
export const BATCH_NORM_CLAMP = "ThtlBatchNormClamp";

/**
 * A convolution, then per output channel y a + b and the activation's clamp: a batch norm folded
 * into the convolution's output, its filter as it is (`convolution/conv-kernels.ts`).
 */
export const CONV_BATCH_NORM = "ThtlConvBatchNorm";
