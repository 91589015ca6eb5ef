import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  FusedConv2D,
  tidy,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { biasClampInPlace } from "../activation/clamp.js";
import { run } from "../engine/engine-ops.js";
import {
  convFilterGradient,
  convFilterGradientByPatches,
  convFilterGradientByRows,
  depthwiseFilterGradient,
  filterGradientInChunks,
  isPointwise,
  pointwiseFilterGradient,
} from "./filter-gradient.js";
import { depthwiseFilterGradientBySimd } from "./depthwise-simd.js";
import { convByProduct } from "./patch-forward.js";
import { convByWholeMap } from "./whole-map-forward.js";
import type { ProductEpilogue } from "../gemm/gemm-product.js";
import { convInputGradient, depthwiseInputGradient } from "./input-gradient.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import {
  winogradApplies,
  winogradConv,
  winogradFilterGradient,
  winogradFilterGradientApplies,
} from "../winograd/winograd.js";

/** What the geometry needs of a convolution's attributes, forward or gradient, regular or depthwise. */
type ConvAttrs = Pick<Conv2DAttrs, "strides" | "pad" | "dimRoundingMode"> & {
  dataFormat?: string;
  /** tfjs-core never passes dilations to the conv2d gradients (it rejects them); we honour them if given. */
  dilations?: [number, number] | number;
};

/** The convolution's geometry; regular convolutions in NHWC only (depthwise ones have no layout attribute to check). */
function convInfo(
  inputShape: number[],
  filterShape: number[],
  attrs: ConvAttrs,
  depthwise: boolean,
): backend_util.Conv2DInfo {
  if (!depthwise && attrs.dataFormat === "NCHW")
    throw new Error("The wasm backend's Conv2D gradients support dataFormat 'NHWC' only.");
  return backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
}

/**
 * The patch matrix and one XNNPACK matrix product beat the swapped convolution on every ResNet18
 * layer (docs/performance.md), but the matrix holds every input value once per filter tap: past
 * 64 MB (a 3x3 layer of 64 channels at 56x56, batch 32, is 231 MB) the batch is taken a few images
 * at a time and the products summed; only where one image's matrix passes 64 MB does the swapped
 * convolution, which needs no copy, take over.
 */
const MAX_PATCH_ELEMENTS = 1 << 24;

function patchCount(info: backend_util.Conv2DInfo): number {
  return info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight * info.outWidth;
}

/** Stride-1 layers with rows long enough that the padded columns add at most an eighth. */
function byRows(info: backend_util.Conv2DInfo): boolean {
  const unit =
    info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  return unit && info.filterWidth > 1 && 8 * (info.filterWidth - 1) <= info.outWidth;
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const info = convInfo(x.shape, a.filterShape, a, false);
  if (winogradFilterGradientApplies(info)) return winogradFilterGradient(backend as WasmHeap, x, dy, info);
  if (isPointwise(info)) return pointwiseFilterGradient(x, dy, info);
  // Image inputs (the stem) and 1x1 filters keep the patch matrix at any size: the swapped
  // convolution has too few channels there to keep XNNPACK busy, and 1x1 patches are `x` itself.
  const patchesAlways = info.inChannels <= 4 || info.filterHeight * info.filterWidth === 1;
  const patches = (xs: TensorInfo, dys: TensorInfo, part: backend_util.Conv2DInfo) =>
    byRows(part)
      ? convFilterGradientByRows(backend as WasmHeap, xs, dys, part)
      : convFilterGradientByPatches(backend as WasmHeap, xs, dys, part);
  if (patchesAlways || patchCount(info) <= MAX_PATCH_ELEMENTS) return patches(x, dy, info);
  const images = Math.floor((MAX_PATCH_ELEMENTS * info.batchSize) / patchCount(info));
  return images >= 1 ? filterGradientInChunks(x, dy, info, images, patches) : convFilterGradient(x, dy, info);
};

const conv2DBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs;
  return convInputGradient(backend as WasmHeap, dy, filter, convInfo(a.inputShape, filter.shape, a, false));
};

const depthwiseBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const info = convInfo(x.shape, a.filterShape, a, true);
  return depthwiseFilterGradientBySimd(backend, x, dy, info) ?? depthwiseFilterGradient(x, dy, info);
};

const depthwiseBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  return depthwiseInputGradient(backend as WasmHeap, dy, filter, convInfo(a.inputShape, filter.shape, a, true));
};

/** The geometry of a forward convolution in NHWC, or null for NCHW (left to wasm). */
function forwardInfo(x: TensorInfo, filter: TensorInfo, attrs: Conv2DAttrs): backend_util.Conv2DInfo | null {
  return attrs.dataFormat === "NCHW" ? null : convInfo(x.shape, filter.shape, attrs, false);
}

/**
 * A forward convolution by thtl's kernels where one applies: stride-1 3x3 by Winograd's F(2x2,
 * 3x3) (in inference on maps of 2x2 pixels by one product of the whole map, whole-map-forward.ts),
 * the others by one product with a patch matrix where that applies (patch-forward.ts),
 * with a fused convolution's bias and activation (`epilogue`). Null elsewhere.
 */
function ownForward(
  backend: unknown,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: Conv2DAttrs,
  epilogue?: ProductEpilogue,
): Tensor | null {
  const info = forwardInfo(x, filter, attrs);
  if (info === null) return null;
  if (!winogradApplies(info)) return convByProduct(backend, x, filter, info, epilogue);
  const y =
    convByWholeMap(backend, x, filter, info) ??
    winogradConv(backend as WasmHeap, x, filter, false, {
      height: info.outHeight,
      width: info.outWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
    });
  return epilogue ? finish(backend, y, epilogue) : y;
}

/** A convolution's output with the epilogue applied in one pass (`biasClampInPlace`), or by wasm's kernels. */
function finish(backend: unknown, y: Tensor, { bias, min, max }: ProductEpilogue): Tensor {
  if (biasClampInPlace(backend, y, bias, min, max)) return y;
  const out = tidy(() => {
    const biased = bias === undefined ? y : run("Add", { a: y, b: bias });
    return min === -Infinity ? biased : run("ClipByValue", { x: biased }, { clipValueMin: min, clipValueMax: max });
  });
  y.dispose();
  return out;
}

/** wasm's Conv2D, but by thtl's kernels where one applies (`ownForward`). */
export function conv2DKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    return ownForward(args.backend, x, filter, args.attrs as unknown as Conv2DAttrs) ?? shipped.kernelFunc(args);
  };
  return { kernelName: Conv2D, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

/** The activations thtl's FusedConv2D applies, as the range they clamp to. */
const CLAMPS: Partial<Record<string, [number, number]>> = {
  linear: [-Infinity, Infinity],
  relu: [0, Infinity],
  relu6: [0, 6],
};

/**
 * wasm's FusedConv2D (inference's convolutions; training takes Conv2D, `lazy-conv-gradients.ts`),
 * by thtl's kernels where there is nothing to fuse but a bias and a ReLU or ReLU6: the product
 * applies them to its rows as it makes them, Winograd's convolution in one pass after.
 */
export function fusedConv2DKernel(shipped: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as {
      x: TensorInfo;
      filter: TensorInfo;
      bias?: TensorInfo;
      preluActivationWeights?: TensorInfo;
    };
    const a = args.attrs as unknown as FusedConv2DAttrs;
    const range = CLAMPS[a.activation];
    if (range === undefined || preluActivationWeights != null) return shipped.kernelFunc(args);
    const [min, max] = range;
    const epilogue = bias == null && a.activation === "linear" ? undefined : { bias: bias ?? undefined, min, max };
    return ownForward(args.backend, x, filter, a, epilogue) ?? shipped.kernelFunc(args);
  };
  return { kernelName: FusedConv2D, backendName: "wasm", kernelFunc, setupFunc: shipped.setupFunc };
}

export const convGradientKernels: KernelConfig[] = [
  { kernelName: Conv2DBackpropFilter, backendName: "wasm", kernelFunc: conv2DBackpropFilter },
  { kernelName: Conv2DBackpropInput, backendName: "wasm", kernelFunc: conv2DBackpropInput },
  { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: "wasm", kernelFunc: depthwiseBackpropFilter },
  { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: "wasm", kernelFunc: depthwiseBackpropInput },
];
