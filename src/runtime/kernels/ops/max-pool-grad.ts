import {
  backend_util,
  MaxPoolGrad,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { runHeapLoop } from "../loops/js-pool.js";
import { heapOffset, type WasmHeap } from "../engine/wasm-heap.js";

/**
 * The gradient of max pooling: each output's gradient goes to the first maximum of its window
 * (row-major), as in tfjs-backend-cpu. wasm's own MaxPoolGrad took 3.5% of a ResNet18 step for its
 * single pooling layer (docs/performance.md).
 */
const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const heap = backend as unknown as WasmHeap;
  const out = heap.makeOutput(input.shape, "float32");
  const [dx, x, g] = [out, input, dy].map((t) => heap.typedArrayFromHeap(t)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padInfo,
  } = info;
  const args = [
    heapOffset(g),
    heapOffset(x),
    heapOffset(dx),
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    padInfo.top,
    padInfo.left,
  ];
  // By samples: windows overlap, so one sample's gradient is summed by one thread.
  runHeapLoop("maxPoolGradient", dx.buffer, args, batchSize, dx.length + g.length * filterHeight * filterWidth);
  return out;
};

export const maxPoolGradKernel: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: "wasm",
  kernelFunc: maxPoolGrad,
};
