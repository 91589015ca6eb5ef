import { backend_util, util, type KernelConfig, type KernelFunc, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { elementBlocks } from "../loops/simd-loops.js";
import { byteOffsets, elementwiseHeap } from "./elementwise-pass.js";

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
    const heap = floats && util.sizeFromShape(a.shape) > 0 ? elementwiseHeap(args.backend) : null;
    const y = heap && (sameShape(heap, op, a, b) ?? (op === "mul" ? scaled(heap, a, b) : null));
    return y ?? shipped.kernelFunc(args);
  };
  return { kernelName: shipped.kernelName, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

/** a + b or a b of one shape, in blocks of elements; null for other shapes or lengths not in fours. */
function sameShape(heap: WasmHeap, op: "add" | "mul", a: TensorInfo, b: TensorInfo): TensorInfo | null {
  const length = util.sizeFromShape(a.shape);
  if (!util.arraysEqual(a.shape, b.shape) || length % 4 !== 0) return null;
  const y = heap.makeOutput(a.shape, "float32");
  const args = [...byteOffsets(heap, a, b, y), length];
  runHeapLoop(`${op}Blocks`, heap.typedArrayFromHeap(y).buffer, args, elementBlocks(length), 3 * length);
  return y;
}

/** a b where one is a scalar (in blocks) or an image's channel scale (by rows); null otherwise. */
function scaled(heap: WasmHeap, a: TensorInfo, b: TensorInfo): TensorInfo | null {
  const scalar = [b, a].find((t) => util.sizeFromShape(t.shape) === 1);
  if (scalar !== undefined) {
    const x = scalar === b ? a : b;
    const length = util.sizeFromShape(x.shape);
    const keepsShape = util.arraysEqual(backend_util.assertAndGetBroadcastShape(a.shape, b.shape), x.shape);
    if (length % 4 !== 0 || !keepsShape) return null;
    const factor = heap.typedArrayFromHeap(scalar)[0]!;
    const y = heap.makeOutput(x.shape, "float32");
    const args = [...byteOffsets(heap, x, y), length, factor];
    runHeapLoop("scaleBlocks", heap.typedArrayFromHeap(y).buffer, args, elementBlocks(length), 2 * length);
    return y;
  }
  const [x, s] = perImageScale(a, b) ? [a, b] : [b, a];
  if (!perImageScale(x, s) || x.shape[3]! % 4 !== 0) return null;
  const y = heap.makeOutput(x.shape, "float32");
  const [, h, w, c] = x.shape as [number, number, number, number];
  const rows = util.sizeFromShape(x.shape) / c;
  runHeapLoop(
    "scaleRowsSimd",
    heap.typedArrayFromHeap(y).buffer,
    [...byteOffsets(heap, x, s, y), h * w, c],
    rows,
    2 * rows * c,
  );
  return y;
}
