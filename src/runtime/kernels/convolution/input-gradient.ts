import { backend_util, engine, tidy, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import { cropToPad, type Span } from "./conv-geometry.js";
import { reshape, run } from "../engine/engine-ops.js";
import { flippedTransposedFilter, interleave, type WasmHeap } from "../engine/wasm-heap.js";
import { winogradApplies, winogradConv } from "../winograd/winograd.js";

/**
 * The input gradient of a convolution, as a stride-1 convolution of the zero-dilated `dy` with
 * the spatially flipped filter (its in/out channels swapped), on XNNPACK.
 */
export function convInputGradient(
  heap: WasmHeap,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  const strided = info.strideHeight > 1 || info.strideWidth > 1;
  if (strided && info.dilationHeight === 1 && info.dilationWidth === 1)
    return phasedInputGradient(heap, dy, filter, info);
  if (winogradApplies(info)) {
    // Over dy, the flipped filter's window starts 2 - pad rows before each input row.
    return winogradConv(heap, dy, filter, true, {
      height: info.inHeight,
      width: info.inWidth,
      padTop: 2 - info.padInfo.top,
      padLeft: 2 - info.padInfo.left,
    });
  }
  return tidy(() => {
    const { x, pad } = paddedGradient(dy, info);
    const flipped = engine().makeTensorFromTensorInfo(flippedTransposedFilter(heap, filter));
    return run("Conv2D", { x, filter: flipped }, unitStrideAttrs(info, pad));
  });
}

/** The depthwise version: each channel's flipped filter, then the sum over the multiplier. */
export function depthwiseInputGradient(
  heap: WasmHeap,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  return tidy(() => {
    const { x, pad } = paddedGradient(dy, info);
    const [kh, kw, c, multiplier] = filter.shape as [number, number, number, number];
    // [kh, kw, c, m] read as [kh, kw, c * m, 1]: its flip is the channel-swapped flip of that.
    const flipped = engine().makeTensorFromTensorInfo(
      flippedTransposedFilter(heap, { ...filter, shape: [kh, kw, 1, c * multiplier] }),
    );
    const perChannel = run("DepthwiseConv2dNative", { x, filter: flipped }, unitStrideAttrs(info, pad));
    if (multiplier === 1) return perChannel;
    const split = reshape(perChannel, [info.batchSize, info.inHeight, info.inWidth, c, multiplier]);
    return run("Sum", { x: split }, { axis: [4], keepDims: false });
  });
}

/**
 * A strided input gradient without the zero-dilated `dy`, which would be mostly zeros: each
 * output phase (row mod stride, column mod stride) is a stride-1 convolution of `dy` with the
 * taps that reach that phase, and the phases interleave into the result.
 */
function phasedInputGradient(
  heap: WasmHeap,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  const strides: [number, number] = [info.strideHeight, info.strideWidth];
  const rowPhases = phases(info.inHeight, info.padInfo.top, info.filterHeight, info.strideHeight, info.outHeight);
  const colPhases = phases(info.inWidth, info.padInfo.left, info.filterWidth, info.strideWidth, info.outWidth);
  const out = heap.makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], "float32");
  heap.typedArrayFromHeap(out).fill(0);
  for (const row of rowPhases) {
    for (const col of colPhases) {
      tidy(() => {
        const taps = engine().makeTensorFromTensorInfo(flippedTransposedFilter(heap, filter, row.taps, col.taps));
        const { x, pad } = cropToPad(dy, row.pad, col.pad);
        const part = run("Conv2D", { x, filter: taps }, { strides: 1, dilations: 1, pad, dataFormat: "NHWC" });
        interleave(heap, part, out, row.start, col.start, strides);
      });
    }
  }
  return engine().makeTensorFromTensorInfo(out);
}

interface Phase {
  /** The first input row of this phase; the phase holds every `stride`-th row from there. */
  start: number;
  /** Filter rows that reach the phase, in the (flipped) order of the convolution. */
  taps: number[];
  /** The padding of `dy` that lines its rows up with the phase's. */
  pad: Span;
}

/** Along one axis: input row `p` reads filter row `a` where `p + padBefore - a` is a multiple of `stride`. */
function phases(input: number, padBefore: number, kernel: number, stride: number, output: number): Phase[] {
  const found: Phase[] = [];
  for (let phase = 0; phase < Math.min(stride, kernel); phase++) {
    const count = Math.ceil((kernel - phase) / stride);
    const taps = Array.from({ length: count }, (_, t) => phase + stride * (count - 1 - t));
    const start = (((phase - padBefore) % stride) + stride) % stride;
    if (start >= input) continue;
    const rows = Math.ceil((input - start) / stride);
    const before = count - 1 - (start + padBefore - phase) / stride;
    found.push({ start, taps, pad: [before, rows + count - 1 - before - output] });
  }
  return found;
}

/** `dy` spread out by the stride (zeros between), and the padding that aligns it with `x`. */
function paddedGradient(dy: TensorInfo, info: backend_util.Conv2DInfo) {
  const dilated = zeroDilate(dy, info.strideHeight, info.strideWidth);
  const span = (input: number, padBefore: number, kernel: number, dilation: number, length: number): Span => {
    const before = (kernel - 1) * dilation - padBefore;
    return [before, input + (kernel - 1) * dilation - before - length];
  };
  const [, h, w] = dilated.shape;
  return cropToPad(
    dilated,
    span(info.inHeight, info.padInfo.top, info.filterHeight, info.dilationHeight, h!),
    span(info.inWidth, info.padInfo.left, info.filterWidth, info.dilationWidth, w!),
  );
}

function zeroDilate(dy: TensorInfo, strideHeight: number, strideWidth: number): TensorInfo {
  if (strideHeight === 1 && strideWidth === 1) return dy;
  const [n, h, w, c] = dy.shape as [number, number, number, number];
  const spaced = run(
    "PadV2",
    { x: reshape(dy, [n, h, 1, w, 1, c]) },
    {
      paddings: [
        [0, 0],
        [0, 0],
        [0, strideHeight - 1],
        [0, 0],
        [0, strideWidth - 1],
        [0, 0],
      ],
      constantValue: 0,
    },
  );
  return reshape(spaced, [n, h * strideHeight, w * strideWidth, c]);
}

function unitStrideAttrs(info: backend_util.Conv2DInfo, pad: unknown) {
  return {
    strides: [1, 1],
    dilations: [info.dilationHeight, info.dilationWidth],
    pad,
    dataFormat: "NHWC",
    dimRoundingMode: undefined,
  };
}
