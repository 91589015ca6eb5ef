import {
  backend_util,
  Concat,
  util,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { heapOffset, type WasmHeap } from "../engine/wasm-heap.js";
import { runHeapLoop } from "../loops/js-pool.js";

/** The loop's args hold the output, its row length, the count and two numbers per input: at most 64. */
const MAX_INPUTS = 30;

/**
 * Concat of float32 tensors for the wasm backend, by rows of the output on both threads
 * (concat-loops.ts). wasm's walks the rows on one thread and makes two subarrays per row and
 * input: DenseNet121's 58 concatenations of its forward pass took 16 ms a batch. Other types,
 * more than 30 inputs, and concatenations with an empty result go to wasm's kernel.
 */
export function concatKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const inputs = (args.inputs as unknown as TensorInfo[]).filter((t) => util.sizeFromShape(t.shape) > 0);
    const floats = inputs.every((t) => t.dtype === "float32");
    if (!floats || inputs.length < 2 || inputs.length > MAX_INPUTS) return shipped.kernelFunc(args);
    const axis = util.parseAxisParam((args.attrs as unknown as ConcatAttrs).axis, inputs[0]!.shape)[0]!;
    const shape = backend_util.computeOutShape(
      inputs.map((t) => t.shape),
      axis,
    );
    const heap = args.backend as unknown as WasmHeap;
    const out = heap.makeOutput(shape, "float32");
    const rows = util.sizeFromShape(shape.slice(0, axis));
    const lengths = inputs.map((t) => util.sizeFromShape(t.shape.slice(axis)));
    const views = inputs.map((t) => heap.typedArrayFromHeap(t));
    const target = heap.typedArrayFromHeap(out);
    const loopArgs = [heapOffset(target), target.length / rows, inputs.length];
    views.forEach((view, i) => loopArgs.push(heapOffset(view), lengths[i]!));
    runHeapLoop("concatRows", target.buffer, loopArgs, rows, 2 * target.length);
    return out;
  };
  return { kernelName: Concat, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
