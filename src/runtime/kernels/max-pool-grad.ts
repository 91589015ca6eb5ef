import { backend_util, MaxPoolGrad, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "./wasm-heap.js";

/**
 * The gradient of max pooling: each output's gradient goes to the first maximum of its window
 * (row-major), as in tfjs-backend-cpu. wasm's own MaxPoolGrad took 3.5% of a ResNet18 step for its
 * single pooling layer; this loop walks channels innermost, in memory order.
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
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const y0 = oy * info.strideHeight - info.padInfo.top;
      for (let ox = 0; ox < outWidth; ox++) {
        const x0 = ox * info.strideWidth - info.padInfo.left;
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let y = Math.max(0, y0); y < Math.min(h, y0 + info.filterHeight); y++) {
          for (let xx = Math.max(0, x0); xx < Math.min(w, x0 + info.filterWidth); xx++) {
            const base = ((b * h + y) * w + xx) * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d]!;
              if (v > best[d]!) {
                best[d] = v;
                at[d] = base + d;
              }
            }
          }
        }
        const gBase = ((b * outHeight + oy) * outWidth + ox) * c;
        for (let d = 0; d < c; d++) if (at[d]! >= 0) dx[at[d]!] += g[gBase + d]!;
      }
    }
  }
  return out;
};

export const maxPoolGradKernel: KernelConfig = { kernelName: MaxPoolGrad, backendName: "wasm", kernelFunc: maxPoolGrad };
