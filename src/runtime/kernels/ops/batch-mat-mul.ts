import {
  BatchMatMul,
  tidy,
  util,
  type BatchMatMulAttrs,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { run, transpose } from "../engine/engine-ops.js";
import { gemmProduct } from "../gemm/gemm-product.js";

/**
 * BatchMatMul for the wasm backend: plain products by thtl's SIMD product where it applies
 * (gemm-product.ts), and the transposed cases as plain products. wasm runs only
 * A·B through XNNPACK; A·Bᵀ and Aᵀ·B take a scalar loop 10 to 50 times slower (0.3 to 1.3 GFLOP/s
 * against 15 on one core): a Dense layer's input and weight gradients, a third of VGG16's step.
 * A transpose is one pass over memory, so of the two equal forms op(A)·op(B) and
 * (op(B)ᵀ·op(A)ᵀ)ᵀ this takes the one that moves fewer elements (for a gradient, the batch-sized
 * operands rather than the weights).
 */
export function batchMatMulKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if (!transposeA && !transposeB) return gemmProduct(args.backend, a, b) ?? shipped.kernelFunc(args);
    const [sizeA, sizeB] = [util.sizeFromShape(a.shape), util.sizeFromShape(b.shape)];
    const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0);
    const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + outputSize(a, b, transposeA, transposeB);
    return tidy(() =>
      direct <= swapped
        ? product(transposeA ? swapLast(a) : a, transposeB ? swapLast(b) : b)
        : swapLast(product(transposeB ? b : swapLast(b), transposeA ? a : swapLast(a))),
    );
  };
  return { kernelName: BatchMatMul, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

function product(a: TensorInfo, b: TensorInfo): Tensor {
  return run(BatchMatMul, { a, b }, { transposeA: false, transposeB: false });
}

/** The matrix transpose of every matrix in a batch: the last two axes swapped. */
function swapLast(x: TensorInfo): Tensor {
  const perm = x.shape.map((_, axis) => axis);
  [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
  return transpose(x, perm);
}

function outputSize(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): number {
  const rows = a.shape[a.shape.length - (transposeA ? 1 : 2)]!;
  const columns = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const batch = Math.max(util.sizeFromShape(a.shape.slice(0, -2)), util.sizeFromShape(b.shape.slice(0, -2)));
  return batch * rows * columns;
}
