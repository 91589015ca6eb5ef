import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
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
import { convInputGradient, depthwiseInputGradient } from "./input-gradient.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { winogradFilterGradient, winogradFilterGradientApplies } from "../winograd/winograd.js";

/** What the geometry needs of a convolution's attributes, forward or gradient, regular or depthwise. */
type ConvAttrs = Pick<Conv2DAttrs, "strides" | "pad" | "dimRoundingMode"> & {
  dataFormat?: string;
  /** tfjs-core never passes dilations to the conv2d gradients (it rejects them); we honour them if given. */
  dilations?: [number, number] | number;
};

/** The convolution's geometry; regular convolutions in NHWC only (depthwise ones have no layout attribute to check). */
export function convInfo(
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

export const convGradientKernels: KernelConfig[] = [
  { kernelName: Conv2DBackpropFilter, backendName: "wasm", kernelFunc: conv2DBackpropFilter },
  { kernelName: Conv2DBackpropInput, backendName: "wasm", kernelFunc: conv2DBackpropInput },
  { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: "wasm", kernelFunc: depthwiseBackpropFilter },
  { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: "wasm", kernelFunc: depthwiseBackpropInput },
];
