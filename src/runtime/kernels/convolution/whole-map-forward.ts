import { engine, type backend_util, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import { derivedData, outsideGradients } from "../engine/derived-data.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { gemmProduct, hasGemm, packedPanels } from "../gemm/gemm-product.js";

/** Maps of at most this many pixels: a 2x2 map's product does 4 of 9 taps' work, as Winograd's does. */
const MAX_PIXELS = 4;

/**
 * A stride-1 convolution of a map of at most 2x2 pixels (the last blocks of ResNet and DenseNet
 * at 64x64) in inference as one product: each image's whole map [batch, H W Ci] times the filter
 * laid out for every pair of input and output pixel [H W Ci, Ho Wo Co], zero where the tap
 * between them falls outside the filter. The same multiplications as Winograd's F(2x2, 3x3) on a
 * 2x2 map, without its transforms, in one product with the batch as rows. The laid-out filter is
 * made once per filter and kept with it, as Winograd's transform is (derived-data.ts), so only
 * outside any gradient. Null where it does not apply.
 */
export function convByWholeMap(
  backend: unknown,
  x: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor | null {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const unit =
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  const small = inHeight * inWidth <= MAX_PIXELS && outHeight * outWidth <= MAX_PIXELS;
  const [k, n] = [inHeight * inWidth * inChannels, outHeight * outWidth * outChannels];
  if (!unit || !small || n % 8 !== 0 || x.dtype !== "float32" || !outsideGradients() || !hasGemm(backend)) return null;
  const heap = backend as WasmHeap;
  const panels = derivedData(heap, filter, `whole map ${inHeight}x${inWidth}`, () => {
    const laidOut = layOut(heap, filter, info);
    const packed = packedPanels(heap, laidOut);
    heap.disposeData(laidOut.dataId, true);
    return packed === null ? [] : [packed];
  })[0];
  if (panels === undefined) return null;
  // The product reads only the panels; its B is named by their shape.
  const y = gemmProduct(backend, { ...x, shape: [batchSize, k] }, { ...panels, shape: [k, n] }, panels);
  return y && engine().makeTensorFromTensorInfo({ ...y, shape: [batchSize, outHeight, outWidth, outChannels] });
}

/** The filter [Fh, Fw, Ci, Co] as [H W Ci, Ho Wo Co]: input pixel (iy, ix) to output pixel (oy, ox) through tap (iy - oy + top, ix - ox + left). */
function layOut(heap: WasmHeap, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { inHeight, inWidth, inChannels: ci, outHeight, outWidth, outChannels: co, filterHeight, filterWidth } = info;
  const n = outHeight * outWidth * co;
  const out = heap.makeOutput([inHeight * inWidth * ci, n], "float32");
  const [w, d] = [heap.typedArrayFromHeap(filter), heap.typedArrayFromHeap(out)];
  d.fill(0);
  for (let iy = 0; iy < inHeight; iy++)
    for (let ix = 0; ix < inWidth; ix++)
      for (let oy = 0; oy < outHeight; oy++)
        for (let ox = 0; ox < outWidth; ox++) {
          const [ky, kx] = [iy - oy + info.padInfo.top, ix - ox + info.padInfo.left];
          if (ky < 0 || ky >= filterHeight || kx < 0 || kx >= filterWidth) continue;
          const column = (oy * outWidth + ox) * co;
          for (let c = 0; c < ci; c++) {
            const from = ((ky * filterWidth + kx) * ci + c) * co;
            d.set(w.subarray(from, from + co), ((iy * inWidth + ix) * ci + c) * n + column);
          }
        }
  return out;
}
