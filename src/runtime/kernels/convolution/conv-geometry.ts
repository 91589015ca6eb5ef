import type { backend_util, TensorInfo } from "@tensorflow/tfjs-core";
import { run } from "../engine/engine-ops.js";

type Conv2DInfo = backend_util.Conv2DInfo;

/** Padding before and after along one axis; negative values mean rows to drop. */
export type Span = [before: number, after: number];

/** The explicit NHWC padding that the tfjs conv kernels accept. */
export type ExplicitPad = [[0, 0], Span, Span, [0, 0]];

/**
 * The rows (or columns) of the padded input that the forward convolution reads: `before` is its
 * own padding, `after` whatever makes the last window fit exactly. Shorter or longer inputs
 * (strides that do not divide, generous explicit padding) come out as negative or extra padding.
 */
export function readSpan(
  input: number,
  padBefore: number,
  kernel: number,
  dilation: number,
  output: number,
  stride: number,
): Span {
  const extent = (kernel - 1) * dilation + (output - 1) * stride + 1;
  return [padBefore, extent - input - padBefore];
}

export function filterReadSpans(info: Conv2DInfo): [Span, Span] {
  return [
    readSpan(
      info.inHeight,
      info.padInfo.top,
      info.filterHeight,
      info.dilationHeight,
      info.outHeight,
      info.strideHeight,
    ),
    readSpan(info.inWidth, info.padInfo.left, info.filterWidth, info.dilationWidth, info.outWidth, info.strideWidth),
  ];
}

/**
 * Applies NHWC spatial padding that may be negative: negative sides are cut off with a Slice, and
 * the rest is returned as explicit padding for the convolution that follows (it pads for free).
 */
export function cropToPad(x: TensorInfo, rows: Span, cols: Span): { x: TensorInfo; pad: ExplicitPad } {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const cut = (span: Span): Span => [Math.max(0, -span[0]), Math.max(0, -span[1])];
  const [cutTop, cutBottom] = cut(rows);
  const [cutLeft, cutRight] = cut(cols);
  const keep = (span: Span): Span => [Math.max(0, span[0]), Math.max(0, span[1])];
  const pad: ExplicitPad = [[0, 0], keep(rows), keep(cols), [0, 0]];
  if (cutTop + cutBottom + cutLeft + cutRight === 0) return { x, pad };
  const begin = [0, cutTop, cutLeft, 0];
  const size = [n, h - cutTop - cutBottom, w - cutLeft - cutRight, c];
  return { x: run("Slice", { x }, { begin, size }), pad };
}
