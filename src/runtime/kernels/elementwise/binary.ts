import { backend_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import { runHeapLoop } from "../loops/js-pool.js";
import { ELEMENT_BLOCK } from "../loops/simd-loops.js";
import { byteOffsets, elementwiseHeap } from "./elementwise-pass.js";

const sameShape = (a: TensorInfo, b: TensorInfo) => util.arraysEqual(a.shape, b.shape);

/** [n, h, w, c] and [n, 1, 1, c] (a squeeze-and-excitation's scale): the image's `s` scales each pixel. */
function perImageScale(x: TensorInfo, s: TensorInfo): boolean {
  const [n, , , c] = x.shape;
  return x.shape.length === 4 && util.arraysEqual(s.shape, [n!, 1, 1, c!]);
}

/**
 * Add and Multiply of two float32 tensors of one shape, in SIMD on both threads (elementwise-simd.ts):
 * wasm's run through XNNPACK's pool (ResNet50's 16 residual additions: 6 to 17 ms of a batch's
 * forward pass). Multiply also takes a scalar factor (swish's, x times 1 before the sigmoid) and
 * EfficientNet's squeeze-and-excitation scale, [n, h, w, c] by [n, 1, 1, c]. Lengths and channels
 * in fours; everything else goes to wasm's kernel.
 */
export function binaryKernel(shipped: KernelConfig): KernelConfig {
  const op = shipped.kernelName === "Multiply" ? "mul" : "add";
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const floats = a.dtype === "float32" && b.dtype === "float32";
    const length = util.sizeFromShape(a.shape);
    const heap = floats && length > 0 ? elementwiseHeap(args.backend) : null;
    if (heap === null) return shipped.kernelFunc(args);
    if (sameShape(a, b) && length % 4 === 0) {
      const y = heap.makeOutput(a.shape, "float32");
      const offsets = byteOffsets(heap, a, b, y);
      runHeapLoop(
        `${op}Blocks`,
        heap.typedArrayFromHeap(y).buffer,
        [...offsets, length],
        Math.ceil(length / ELEMENT_BLOCK),
        3 * length,
      );
      return y;
    }
    const scalar = util.sizeFromShape(b.shape) === 1 ? b : util.sizeFromShape(a.shape) === 1 ? a : null;
    if (op === "mul" && scalar !== null) {
      const x = scalar === b ? a : b;
      const size = util.sizeFromShape(x.shape);
      const keepsShape = util.arraysEqual(backend_util.assertAndGetBroadcastShape(a.shape, b.shape), x.shape);
      if (size % 4 !== 0 || !keepsShape) return shipped.kernelFunc(args);
      const factor = heap.typedArrayFromHeap(scalar)[0]!;
      const y = heap.makeOutput(x.shape, "float32");
      const loopArgs = [...byteOffsets(heap, x, y), size, factor];
      runHeapLoop(
        "scaleBlocks",
        heap.typedArrayFromHeap(y).buffer,
        loopArgs,
        Math.ceil(size / ELEMENT_BLOCK),
        2 * size,
      );
      return y;
    }
    const [x, s] = perImageScale(a, b) ? [a, b] : [b, a];
    if (op === "add" || !perImageScale(x, s) || x.shape[3]! % 4 !== 0) return shipped.kernelFunc(args);
    const y = heap.makeOutput(x.shape, "float32");
    const [, h, w, c] = x.shape as [number, number, number, number];
    const rows = util.sizeFromShape(x.shape) / c;
    const loopArgs = [...byteOffsets(heap, x, s, y), h * w, c];
    runHeapLoop("scaleRowsSimd", heap.typedArrayFromHeap(y).buffer, loopArgs, rows, 2 * rows * c);
    return y;
  };
  return { kernelName: shipped.kernelName, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}
