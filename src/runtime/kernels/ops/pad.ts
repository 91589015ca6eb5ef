import {
  PadV2,
  util,
  type KernelConfig,
  type KernelFunc,
  type PadV2Attrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { heapOffset, type WasmHeap } from "../engine/wasm-heap.js";
import { runHeapLoop } from "../loops/js-pool.js";

/** The loop's args hold 3 + 3 rank + 1 numbers: at most 64. */
const MAX_RANK = 6;

/**
 * The same padding with unpadded trailing axes merged into the one before (an NHWC image padded
 * in height and width becomes rows of width x channels): the loop's unit is a row of the last
 * axis, and rows of 3 channels cost more in the loop's own work than in copying.
 */
function rowsOf(shape: number[], paddings: [number, number][]) {
  const [inShape, before, after] = [[...shape], paddings.map(([b]) => b), paddings.map(([, a]) => a)];
  while (inShape.length > 1 && before.at(-1) === 0 && after.at(-1) === 0) {
    const last = inShape.pop()!;
    before.pop();
    after.pop();
    const axis = inShape.length - 1;
    [inShape[axis], before[axis], after[axis]] = [inShape[axis]! * last, before[axis]! * last, after[axis]! * last];
  }
  return { inShape, before, after };
}

/**
 * PadV2 (a constant padding: ZeroPadding2D before strided and stem convolutions) of float32
 * tensors by output rows on both threads (pad-loops.ts): wasm's runs on one thread, 4 ms of
 * ResNet18's 105 ms eval-mode batch for its five paddings. Ranks 1 to 6, non-empty; the rest goes
 * to wasm's kernel.
 */
export function padKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { paddings, constantValue } = args.attrs as unknown as PadV2Attrs;
    const rank = x.shape.length;
    const fits = x.dtype === "float32" && rank >= 1 && rank <= MAX_RANK && util.sizeFromShape(x.shape) > 0;
    if (!fits) return shipped.kernelFunc(args);
    const heap = args.backend as unknown as WasmHeap;
    const out = heap.makeOutput(
      x.shape.map((length, axis) => paddings[axis]![0] + length + paddings[axis]![1]),
      "float32",
    );
    const [input, output] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out)];
    const { inShape, before, after } = rowsOf(x.shape, paddings);
    const shape = inShape.map((length, axis) => before[axis]! + length + after[axis]!);
    const loopArgs = [
      heapOffset(input),
      heapOffset(output),
      shape.length,
      ...shape,
      ...inShape,
      ...before,
      constantValue,
    ];
    runHeapLoop("padRows", output.buffer, loopArgs, output.length / shape.at(-1)!, input.length + output.length);
    return out;
  };
  return { kernelName: PadV2, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
