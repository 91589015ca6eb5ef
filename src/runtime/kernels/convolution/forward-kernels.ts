import {
  Add,
  backend_util,
  ClipByValue,
  Conv2D,
  FusedConv2D,
  Multiply,
  Slice,
  tidy,
  type Conv2DAttrs,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { biasClampInPlace } from "../activation/clamp.js";
import { scaleShiftInPlace } from "../batch-norm/batch-norm-inference.js";
import { run } from "../engine/engine-ops.js";
import type { ProductEpilogue } from "../gemm/gemm-product.js";
import { derivedData } from "../engine/derived-data.js";
import { CONV_BATCH_NORM } from "../inference-kernels.js";
import { winogradApplies, winogradConv } from "../winograd/winograd.js";
import type { WasmHeap } from "../engine/wasm-heap.js";
import { convInfo } from "./conv-kernels.js";
import { convByProduct } from "./patch-forward.js";
import { convByWholeMap } from "./whole-map-forward.js";

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

/** A convolution's output with the epilogue applied in one pass on both threads, or by wasm's kernels. */
function finish(backend: unknown, y: Tensor, epilogue: ProductEpilogue): Tensor {
  const { bias, scaleShift, min, max } = epilogue;
  if (scaleShift ? scaleShiftInPlace(backend, y, scaleShift, min, max) : biasClampInPlace(backend, y, bias, min, max))
    return y;
  const out = tidy(() => {
    const channels = y.shape.at(-1)!;
    const [a, b] = scaleShift
      ? [0, channels].map((begin) => run(Slice, { x: scaleShift }, { begin, size: channels }))
      : [];
    const scaled = a ? run(Multiply, { a: y, b: a }) : y;
    const shift = b ?? bias;
    const shifted = shift === undefined ? scaled : run(Add, { a: scaled, b: shift });
    return min === -Infinity && max === Infinity
      ? shifted
      : run(ClipByValue, { x: shifted }, { clipValueMin: min, clipValueMax: max });
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

/**
 * `CONV_BATCH_NORM` (inference's convolution with its batch norm and activation, the filter as it
 * is): thtl's convolution with y a + b and the clamp applied to its output as the product makes
 * it (`ProductEpilogue`), so that no folded copy of the filter is needed and what the kernels
 * derive from the filter is kept with the filter itself (derived-data.ts). Where thtl's kernels
 * do not take the convolution (the stem's 3 input channels), wasm's FusedConv2D with the filter
 * times a, kept with the filter for this a, so that XNNPACK keeps its packed filter too.
 */
export function convBatchNormKernel(fusedConv2D: KernelConfig): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
    const { x, filter, scaleShift } = inputs as { x: TensorInfo; filter: TensorInfo; scaleShift: TensorInfo };
    const a = attrs as unknown as FusedConv2DAttrs;
    const [min, max] = CLAMPS[a.activation]!;
    const y = ownForward(backend, x, filter, a, { scaleShift, min, max });
    if (y !== null) return y;
    const [folded, bias] = foldedOperands(backend as WasmHeap, filter, scaleShift);
    return fusedConv2D.kernelFunc({ inputs: { x, filter: folded!, bias: bias! }, attrs, backend });
  };
  return { kernelName: CONV_BATCH_NORM, backendName: "wasm", kernelFunc };
}

/** The filter times a per output channel, and b: backend data kept with the filter while `scaleShift` is the same. */
function foldedOperands(heap: WasmHeap, filter: TensorInfo, scaleShift: TensorInfo): TensorInfo[] {
  return derivedData(
    heap,
    filter,
    "folded",
    () => {
      const channels = filter.shape.at(-1)!;
      const [folded, bias] = [heap.makeOutput(filter.shape, "float32"), heap.makeOutput([channels], "float32")];
      const [w, st, out, b] = [filter, scaleShift, folded, bias].map((t) => heap.typedArrayFromHeap(t));
      for (let i = 0; i < w!.length; i++) out![i] = w![i]! * st![i % channels]!;
      b!.set(st!.subarray(channels, 2 * channels));
      return [folded, bias];
    },
    scaleShift.dataId,
  );
}
