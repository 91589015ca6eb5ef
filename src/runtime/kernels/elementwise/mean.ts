import { util, type KernelConfig, type KernelFunc, type MeanAttrs, type TensorInfo } from "@tensorflow/tfjs-core";
import { runHeapLoop } from "../loops/js-pool.js";
import { byteOffsets, elementwiseHeap } from "./elementwise-pass.js";

/** Whether `axis` is exactly the height and width of a 4-D tensor. */
function spatial(axis: number | number[], rank: number): boolean {
  const axes = util.parseAxisParam(axis, [0, 0, 0, 0].slice(0, rank)).sort();
  return rank === 4 && util.arraysEqual(axes, [1, 2]);
}

/**
 * The mean over the height and width of an NHWC float32 tensor (global average pooling, and
 * EfficientNet's squeeze-and-excitation), one SIMD sum per image on both threads: wasm's Mean
 * transposes the channels in front first (12 ms of EfficientNet-B0's forward pass, 17 calls).
 * Channels in fours; every other mean goes to wasm's kernel.
 */
export function meanKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as MeanAttrs;
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const fits = x.dtype === "float32" && spatial(axis, x.shape.length) && c % 4 === 0 && n * h * w * c > 0;
    const heap = fits ? elementwiseHeap(args.backend) : null;
    if (heap === null) return shipped.kernelFunc(args);
    const y = heap.makeOutput(keepDims ? [n, 1, 1, c] : [n, c], "float32");
    const loopArgs = [...byteOffsets(heap, x, y), h * w, c];
    runHeapLoop("columnMeanImages", heap.typedArrayFromHeap(y).buffer, loopArgs, n, n * h * w * c);
    return y;
  };
  return { kernelName: shipped.kernelName, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
