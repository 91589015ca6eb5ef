import { engine, type backend_util, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { derivedData, outsideGradients } from "../engine/derived-data.js";
import { gemmProduct, hasGemm, packedPanels, type ProductEpilogue } from "../gemm/gemm-product.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { isPointwise } from "./filter-gradient.js";

/** Past 2^24 values (64 MB) the patch matrix costs more memory than the product saves time. */
const MAX_PATCH_ELEMENTS = 1 << 24;

/**
 * A forward convolution as one product [pixels, kh kw ci] x [kh kw ci, co] by thtl's SIMD product
 * (gemm-product.ts), the filter as it lies. A 1x1 stride-1 unpadded convolution (ResNet50's
 * bottlenecks, DenseNet's, the expansions and projections of MobileNetV2 and EfficientNet) is its
 * own patch matrix: `x` as it lies. The others that Winograd does not take (strided, 1x7 and 7x1,
 * 5x5, the input gradient's phases) copy the patch matrix from the input, each tap's channels in
 * one native copy: wasm's direct convolution reaches about 45% of wasm SIMD's peak there, the
 * product 62 to 71% (docs/performance.md). Inputs of fewer than 16 channels (an image) keep
 * wasm's convolution: there a tap's copy is too short to pay. A fused convolution's bias and
 * activation (`epilogue`) are applied as the product's rows are made. Null where it does not apply.
 */
export function convByProduct(
  backend: unknown,
  x: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
  epilogue?: ProductEpilogue,
): Tensor | null {
  const { batchSize, inChannels, outHeight, outWidth, outChannels } = info;
  const depth = info.filterHeight * info.filterWidth * inChannels;
  const pixels = batchSize * outHeight * outWidth;
  const pointwise = isPointwise(info);
  const unit = info.dilationHeight === 1 && info.dilationWidth === 1;
  const copied = unit && inChannels >= 16 && pixels * depth <= MAX_PATCH_ELEMENTS;
  if (!(pointwise || copied) || outChannels % 8 !== 0 || !hasGemm(backend)) return null;
  const weights = { ...filter, shape: [depth, outChannels] };
  const panels = constantPanels(backend as WasmHeap, weights);
  const patches = pointwise ? null : patchMatrix(backend as WasmHeap, x, info, pixels, depth);
  const y = gemmProduct(backend, patches ?? { ...x, shape: [pixels, depth] }, weights, panels, epilogue);
  patches?.dispose();
  return y && engine().makeTensorFromTensorInfo({ ...y, shape: [batchSize, outHeight, outWidth, outChannels] });
}

/**
 * The filter's panels for the product, made once per filter outside any gradient (inference, as
 * Winograd's transforms: derived-data.ts); undefined in training, where the product packs them.
 */
function constantPanels(heap: WasmHeap, weights: TensorInfo): TensorInfo | undefined {
  if (!outsideGradients()) return undefined;
  const made = () => [packedPanels(heap, weights)].filter((panels) => panels !== null);
  return derivedData(heap, weights, `panels ${weights.shape.join("x")}`, made)[0];
}

/** The patch matrix [pixels, depth] of `x`, by output rows on both threads (conv-loops.ts). */
function patchMatrix(
  heap: WasmHeap,
  x: TensorInfo,
  info: backend_util.Conv2DInfo,
  pixels: number,
  depth: number,
): Tensor {
  const patches = engine().makeTensorFromTensorInfo(heap.makeOutput([pixels, depth], "float32"));
  const [input, matrix] = [heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(patches)];
  const args = [input.byteOffset / 4, matrix.byteOffset / 4, info.inHeight, info.inWidth, info.inChannels];
  args.push(info.outHeight, info.outWidth, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth);
  args.push(info.padInfo.top, info.padInfo.left);
  runHeapLoop("forwardPatches", matrix.buffer, args, info.batchSize * info.outHeight, pixels * depth);
  return patches;
}
