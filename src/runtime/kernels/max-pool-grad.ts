import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "./wasm-heap.js";

/**
 * The gradient of max pooling: each output's gradient goes to the first maximum of its window
 * (row-major), as in tfjs-backend-cpu. wasm's own MaxPoolGrad took 3.5% of a ResNet18 step for its
 * single pooling layer (docs/performance.md).
 */
const maxPoolGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const heap = backend as unknown as WasmHeap;
  const out = heap.makeOutput(input.shape, "float32");
  const dx = heap.typedArrayFromHeap(out);
  const x = heap.typedArrayFromHeap(input);
  const g = heap.typedArrayFromHeap(dy);
  dx.fill(0);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight, outWidth } = info;
  // Per output pixel: the offsets of the window's pixels inside the image, then per channel the
  // first maximum over them, kept in registers.
  const window = new Int32Array(info.filterHeight * info.filterWidth);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * info.strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * info.strideWidth - info.padInfo.left;
        let size = 0;
        for (let y = Math.max(0, y0); y < Math.min(h, y0 + info.filterHeight); y++) {
          for (let xx = Math.max(0, x0); xx < Math.min(w, x0 + info.filterWidth); xx++) window[size++] = ((b * h + y) * w + xx) * c;
        }
        const gBase = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let d = 0; d < c; d++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let k = 0; k < size; k++) {
            const v = x[window[k]! + d]!;
            if (v > best) {
              best = v;
              at = window[k]! + d;
            }
          }
          if (at >= 0) dx[at] += g[gBase + d]!;
        }
      }
    }
  }
  return out;
};

export const maxPoolGradKernel: KernelConfig = { kernelName: MaxPoolGrad, backendName: "wasm", kernelFunc: maxPoolGrad };
