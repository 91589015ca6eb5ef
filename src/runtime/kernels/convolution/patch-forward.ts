import { engine, type backend_util, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { gemmProduct, hasGemm } from "../gemm/gemm-product.js";
import { runHeapLoop } from "../loops/js-pool.js";

/** Past 2^24 values (64 MB) the patch matrix costs more memory than the product saves time. */
const MAX_PATCH_ELEMENTS = 1 << 24;

/**
 * A forward convolution as one product [pixels, kh kw ci] x [kh kw ci, co] by thtl's SIMD product
 * (gemm-product.ts): the patch matrix copied from the input, each tap's channels in one native
 * copy, the filter as it lies. For the convolutions that neither Winograd nor the 1x1 product
 * take (strided, 1x7 and 7x1, 5x5, the input gradient's phases), where wasm's direct convolution
 * reaches about 45% of wasm SIMD's peak and the product 62 to 71% (docs/performance.md). Inputs of
 * fewer than 16 channels (an image) keep wasm's convolution: there a tap's copy is too short to
 * pay. Null where it does not apply.
 */
export function convByPatches(
  backend: unknown,
  x: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor | null {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const depth = info.filterHeight * info.filterWidth * inChannels;
  const pixels = batchSize * outHeight * outWidth;
  const unit = info.dilationHeight === 1 && info.dilationWidth === 1;
  const fits = unit && inChannels >= 16 && outChannels % 8 === 0 && pixels * depth <= MAX_PATCH_ELEMENTS;
  if (!fits || !hasGemm(backend)) return null;
  const heap = backend as WasmHeap;
  const patches = engine().makeTensorFromTensorInfo(heap.makeOutput([pixels, depth], "float32"));
  const [input, matrix] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(patches)];
  const args = [input.byteOffset / 4, matrix.byteOffset / 4, inHeight, inWidth, inChannels, outHeight, outWidth];
  args.push(info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth);
  args.push(info.padInfo.top, info.padInfo.left);
  runHeapLoop("forwardPatches", matrix.buffer, args, batchSize * outHeight, pixels * depth);
  const y = gemmProduct(backend, patches, { ...filter, shape: [depth, outChannels] });
  patches.dispose();
  return y && engine().makeTensorFromTensorInfo({ ...y, shape: [batchSize, outHeight, outWidth, outChannels] });
}
