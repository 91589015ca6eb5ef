import {
  Slice,
  slice_util,
  util,
  type KernelConfig,
  type KernelFunc,
  type SliceAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";

/**
 * Slice for the wasm backend, reading the input in place on the heap. wasm's own first copies the
 * whole input out of the heap (`readSync`), then copies the slice row by row: a ZeroPadding2D's
 * gradient (a slice of a [32, 66, 66, 64] gradient) took 4 ms there. Trailing axes taken whole
 * merge into one contiguous run. Strings keep wasm's kernel.
 */
export function sliceKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === "string") return shipped.kernelFunc(args);
    const { begin, size } = args.attrs as unknown as SliceAttrs;
    const [start, extent] = slice_util.parseSliceParams(x as never, begin, size);
    return sliceOnHeap(args.backend as unknown as WasmHeap, x, start, extent);
  };
  return { kernelName: Slice, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

/** The block of `x` from `start`, `extent` long on each axis, copied from the heap in place. */
export function sliceOnHeap(heap: WasmHeap, x: TensorInfo, start: number[], extent: number[]): TensorInfo {
  const out = heap.makeOutput(extent, x.dtype);
  copyBlock(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(out), x.shape, start, extent);
  return out;
}

function copyBlock(
  from: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> },
  to: { set(values: ArrayLike<number>, offset: number): void },
  shape: number[],
  start: number[],
  extent: number[],
): void {
  const strides = [...util.computeStrides(shape), 1];
  // The run: the innermost axes the slice takes whole, plus the first one it does not.
  let axis = shape.length - 1;
  while (axis > 0 && start[axis] === 0 && extent[axis] === shape[axis]) axis--;
  const run = extent[axis]! * strides[axis]!;
  const outer = extent.slice(0, axis);
  const count = util.sizeFromShape(outer);
  const index = new Array<number>(axis).fill(0);
  for (let k = 0; k < count; k++) {
    let offset = start[axis]! * strides[axis]!;
    for (let a = 0; a < axis; a++) offset += (start[a]! + index[a]!) * strides[a]!;
    to.set(from.subarray(offset, offset + run), k * run);
    for (let a = axis - 1; a >= 0 && ++index[a]! === outer[a]; a--) index[a] = 0;
  }
}
