import { backend_util, engine, tidy, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";
import { cropToPad, filterReadSpans } from "./conv-geometry.js";
import { reshape, run, transpose } from "../engine/engine-ops.js";
import { paddedRowPatches, transposedPatches, type WasmHeap } from "../engine/wasm-heap.js";

/**
 * The filter gradient of a convolution as one matrix product (BatchMatMul): the transposed patch
 * matrix of `x` ([taps * inC, pixels]) times `dy` ([pixels, outC]).
 */
export function convFilterGradientByPatches(
  heap: WasmHeap,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  return tidy(() => {
    const xT = transpose(x, [3, 0, 1, 2]);
    const patches = engine().makeTensorFromTensorInfo(
      transposedPatches(
        heap,
        xT,
        {
          input: info.inHeight,
          output: info.outHeight,
          kernel: info.filterHeight,
          stride: info.strideHeight,
          dilation: info.dilationHeight,
          padBefore: info.padInfo.top,
        },
        {
          input: info.inWidth,
          output: info.outWidth,
          kernel: info.filterWidth,
          stride: info.strideWidth,
          dilation: info.dilationWidth,
          padBefore: info.padInfo.left,
        },
      ),
    );
    const pixels = info.batchSize * info.outHeight * info.outWidth;
    const product = run(
      "BatchMatMul",
      { a: patches, b: reshape(dy, [pixels, info.outChannels]) },
      { transposeA: false, transposeB: false },
    );
    return reshape(product, [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels]);
  });
}

/**
 * The filter gradient of a 1x1, stride-1, unpadded convolution: `x` is its own patch matrix, so
 * the gradient is x^T dy over the pixels, one product (the patch path copied `x` once more in
 * JavaScript: 8% of a DenseNet121 step, whose dense layers start with 1x1 convolutions).
 */
export function pointwiseFilterGradient(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): Tensor {
  return tidy(() => {
    const pixels = info.batchSize * info.outHeight * info.outWidth;
    const product = run(
      "BatchMatMul",
      { a: reshape(x, [pixels, info.inChannels]), b: reshape(dy, [pixels, info.outChannels]) },
      { transposeA: true, transposeB: false },
    );
    return reshape(product, [1, 1, info.inChannels, info.outChannels]);
  });
}

/** A 1x1 convolution whose filter gradient `pointwiseFilterGradient` takes. */
export function isPointwise(info: backend_util.Conv2DInfo): boolean {
  const { top, bottom, left, right } = info.padInfo;
  return (
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    top + bottom + left + right === 0
  );
}

/**
 * The patch-matrix filter gradient of a stride-1, undilated convolution, from runs of the padded
 * input (`paddedRowPatches`): `dy` gains `kw - 1` zero columns per row to match, so the product
 * is longer by (outW + kw - 1) / outW, worth it where rows are long (3x3 at 16 columns: 1.125x
 * the multiplications, a third of the copying time).
 */
export function convFilterGradientByRows(
  heap: WasmHeap,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): Tensor {
  return tidy(() => {
    const [rows, cols] = filterReadSpans(info);
    const cropped = cropToPad(x, rows, cols);
    const padded = run(
      "PadV2",
      { x: transpose(cropped.x, [3, 0, 1, 2]) },
      { paddings: [[0, 0], ...cropped.pad.slice(0, 3)], constantValue: 0 },
    );
    const patches = engine().makeTensorFromTensorInfo(
      paddedRowPatches(heap, padded, info.filterHeight, info.filterWidth),
    );
    const paddedWidth = info.outWidth + info.filterWidth - 1;
    const dyPadded = run(
      "PadV2",
      { x: dy },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, info.filterWidth - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    const product = run(
      "BatchMatMul",
      { a: patches, b: reshape(dyPadded, [info.batchSize * info.outHeight * paddedWidth, info.outChannels]) },
      { transposeA: false, transposeB: false },
    );
    return reshape(product, [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels]);
  });
}

/**
 * A filter gradient as the sum of the gradients of `images` images at a time: the gradient is a
 * sum over the batch, and each part's patch matrix stays within its memory bound.
 */
export function filterGradientInChunks(
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  images: number,
  gradient: (x: TensorInfo, dy: TensorInfo, part: backend_util.Conv2DInfo) => Tensor,
): Tensor {
  return tidy(() => {
    let sum: Tensor | null = null;
    for (let start = 0; start < info.batchSize; start += images) {
      const n = Math.min(images, info.batchSize - start);
      const part = {
        ...info,
        batchSize: n,
        inShape: withBatch(info.inShape, n),
        outShape: withBatch(info.outShape, n),
      };
      const slice = (t: TensorInfo) =>
        run("Slice", { x: t }, { begin: [start, 0, 0, 0], size: [n, ...t.shape.slice(1)] });
      const g = gradient(slice(x), slice(dy), part);
      sum = sum === null ? g : run("Add", { a: sum, b: g });
    }
    return sum!;
  });
}

const withBatch = (shape: [number, number, number, number], n: number): [number, number, number, number] => [
  n,
  shape[1],
  shape[2],
  shape[3],
];

/**
 * The filter gradient of a convolution, as a convolution: with the batch and channel axes of `x`
 * swapped, `dy` becomes the filter, the forward stride becomes the dilation and the forward
 * dilation the stride. A matrix product then does the work that tfjs-backend-cpu does in scalar loops.
 */
export function convFilterGradient(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): Tensor {
  return tidy(() => {
    const [rows, cols] = filterReadSpans(info);
    const cropped = cropToPad(x, rows, cols);
    const gradient = run(
      "Conv2D",
      { x: transpose(cropped.x, [3, 1, 2, 0]), filter: transpose(dy, [1, 2, 0, 3]) },
      swappedAttrs(info, cropped.pad),
    );
    return transpose(gradient, [1, 2, 0, 3]);
  });
}

/**
 * The depthwise version: batch and channels are folded into one channel axis of a single image,
 * so a depthwise convolution computes every (sample, channel) product and a sum over the batch
 * finishes the job, with no cross-channel work wasted.
 */
export function depthwiseFilterGradient(x: TensorInfo, dy: TensorInfo, info: backend_util.Conv2DInfo): Tensor {
  return tidy(() => {
    const [rows, cols] = filterReadSpans(info);
    const cropped = cropToPad(x, rows, cols);
    const [n, h, w, c] = cropped.x.shape as [number, number, number, number];
    const multiplier = info.outChannels / info.inChannels;
    const image = reshape(transpose(cropped.x, [1, 2, 0, 3]), [1, h, w, n * c]);
    const filter = reshape(transpose(dy, [1, 2, 0, 3]), [info.outHeight, info.outWidth, n * c, multiplier]);
    const products = run("DepthwiseConv2dNative", { x: image, filter }, swappedAttrs(info, cropped.pad));
    const perSample = reshape(products, [info.filterHeight, info.filterWidth, n, c * multiplier]);
    const summed = run("Sum", { x: perSample }, { axis: [2], keepDims: false });
    return reshape(summed, [info.filterHeight, info.filterWidth, c, multiplier]);
  });
}

function swappedAttrs(info: backend_util.Conv2DInfo, pad: unknown) {
  return {
    strides: [info.dilationHeight, info.dilationWidth],
    dilations: [info.strideHeight, info.strideWidth],
    pad,
    dataFormat: "NHWC",
    dimRoundingMode: undefined,
  };
}
