import {
  backend_util,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { convFilterGradient, convFilterGradientByPatches, convFilterGradientByRows, depthwiseFilterGradient } from "./filter-gradient.js";
import { convInputGradient, depthwiseInputGradient } from "./input-gradient.js";
import type { WasmHeap } from "./wasm-heap.js";

type Dilations = { dilations?: [number, number] | number };

/** tfjs-core never passes dilations to the conv2d gradients (it rejects them); we honour them if given. */
function conv2DInfo(inputShape: number[], attrs: Conv2DBackpropFilterAttrs & Dilations, filterShape: number[]) {
  if (attrs.dataFormat === "NCHW") throw new Error("The wasm backend's Conv2D gradients support dataFormat 'NHWC' only.");
  return backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    "channelsLast",
  );
}

function depthwiseInfo(inputShape: number[], attrs: DepthwiseConv2dNativeBackpropFilterAttrs, filterShape: number[]) {
  return backend_util.computeConv2DInfo(
    inputShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
}

/**
 * The patch matrix and one XNNPACK matrix product beat the swapped convolution on every ResNet18
 * layer (docs/performance.md), but the matrix holds every input value once per filter tap: past
 * 64 MB (a 3x3 layer of 64 channels at 56x56, batch 32, is 231 MB) the convolution, which needs
 * no copy, takes over.
 */
const MAX_PATCH_ELEMENTS = 1 << 24;

function patchCount(info: backend_util.Conv2DInfo): number {
  return info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight * info.outWidth;
}

/** Stride-1 layers with rows long enough that the padded columns add at most an eighth. */
function byRows(info: backend_util.Conv2DInfo): boolean {
  const unit = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  return unit && info.filterWidth > 1 && 8 * (info.filterWidth - 1) <= info.outWidth;
}

const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropFilterAttrs & Dilations;
  const info = conv2DInfo(x.shape, a, a.filterShape);
  // Image inputs (the stem) and 1x1 filters keep the patch matrix at any size: the swapped
  // convolution has too few channels there to keep XNNPACK busy, and 1x1 patches are `x` itself.
  const patchesAlways = info.inChannels <= 4 || info.filterHeight * info.filterWidth === 1;
  if (!patchesAlways && patchCount(info) > MAX_PATCH_ELEMENTS) return convFilterGradient(x, dy, info);
  return byRows(info) ? convFilterGradientByRows(backend as WasmHeap, x, dy, info) : convFilterGradientByPatches(backend as WasmHeap, x, dy, info);
};

const conv2DBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as Conv2DBackpropInputAttrs & Dilations;
  return convInputGradient(backend as WasmHeap, dy, filter, conv2DInfo(a.inputShape, { ...a, filterShape: filter.shape as [number, number, number, number] }, filter.shape));
};

const depthwiseBackpropFilter: KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  return depthwiseFilterGradient(x, dy, depthwiseInfo(x.shape, a, a.filterShape));
};

const depthwiseBackpropInput: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  return depthwiseInputGradient(backend as WasmHeap, dy, filter, depthwiseInfo(a.inputShape, { ...a, filterShape: filter.shape as [number, number, number, number] }, filter.shape));
};

export const convGradientKernels: KernelConfig[] = [
  { kernelName: Conv2DBackpropFilter, backendName: "wasm", kernelFunc: conv2DBackpropFilter },
  { kernelName: Conv2DBackpropInput, backendName: "wasm", kernelFunc: conv2DBackpropInput },
  { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: "wasm", kernelFunc: depthwiseBackpropFilter },
  { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: "wasm", kernelFunc: depthwiseBackpropInput },
];
