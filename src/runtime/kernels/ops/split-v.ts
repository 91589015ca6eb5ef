import {
  backend_util,
  SplitV,
  util,
  type KernelConfig,
  type KernelFunc,
  type SplitVAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { sliceOnHeap } from "./slice.js";

/**
 * SplitV for the wasm backend: each part one slice read in place (slice.ts). wasm's own slices each
 * part by its internal Slice, which first copies the whole input out of the heap, so a split into
 * n parts copies the input n times: the gradient of DenseNet121's concatenations (up to 32 parts
 * of [32, 16, 16, 512]) was 7% of its training step. Strings keep wasm's kernel.
 */
export function splitVKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === "string") return shipped.kernelFunc(args);
    const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
    const along = util.parseAxisParam(axis, x.shape)[0]!;
    const sizes = backend_util.prepareSplitSize(x as never, numOrSizeSplits, along);
    const start = x.shape.map(() => 0);
    return sizes.map((size) => {
      const extent = x.shape.map((length, a) => (a === along ? size : length));
      const part = sliceOnHeap(args.backend as unknown as WasmHeap, x, [...start], extent);
      start[along]! += size;
      return part;
    });
  };
  return { kernelName: SplitV, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
