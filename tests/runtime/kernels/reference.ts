/**
 * Independent references for convolution gradients, computed on the cpu backend from the forward
 * kernels alone. A convolution is linear in its input and in its filter, so its vector-Jacobian
 * products follow from applying it to one-hot bases: the input gradient from one-hot images, the
 * filter gradient from image patches (a convolution with a one-hot filter bank). Unlike the cpu
 * backend's gradient kernels, these honour dilations.
 */
import type { Tensor } from "@tensorflow/tfjs-core";
import { expect } from "vitest";
import type { TfNamespace } from "../../../src/runtime/tf.js";

export interface ConvCase {
  depthwise: boolean;
  x: [number, number, number, number];
  /** [kh, kw, inChannels, outChannels or multiplier] */
  filter: [number, number, number, number];
  strides: number;
  dilations: number;
  pad: "same" | "valid" | number | [[0, 0], [number, number], [number, number], [0, 0]];
}

export function forwardAttrs(c: ConvCase) {
  return {
    strides: c.strides,
    dilations: c.dilations,
    pad: c.pad,
    dataFormat: "NHWC",
    dimRoundingMode: typeof c.pad === "number" ? "floor" : undefined,
  };
}

export function forward(tf: TfNamespace, c: ConvCase, x: Tensor, filter: Tensor): Tensor {
  const kernel = c.depthwise ? "DepthwiseConv2dNative" : "Conv2D";
  return tf.engine().runKernel(kernel, { x, filter }, forwardAttrs(c) as never) as Tensor;
}

export function referenceInputGradient(tf: TfNamespace, c: ConvCase, dy: Tensor, filter: Tensor): Tensor {
  return tf.tidy(() => {
    const [n, h, w, ch] = c.x;
    const size = h * w * ch;
    const images = tf.reshape(tf.eye(size), [size, h, w, ch]);
    const responses = tf.reshape(forward(tf, c, images, filter), [size, -1]);
    return tf.reshape(tf.matMul(tf.reshape(dy, [n, -1]), responses, false, true), c.x);
  });
}

export function referenceFilterGradient(tf: TfNamespace, c: ConvCase, x: Tensor, dy: Tensor): Tensor {
  return tf.tidy(() => {
    const [kh, kw, ch, out] = c.filter;
    if (!c.depthwise) {
      const taps = kh * kw * ch;
      const bank = tf.reshape(tf.eye(taps), [kh, kw, ch, taps]);
      const patches = tf.reshape(forward(tf, c, x, bank), [-1, taps]);
      return tf.reshape(tf.matMul(patches, tf.reshape(dy, [-1, out]), true, false), c.filter);
    }
    const taps = kh * kw;
    const bank = tf.tile(tf.reshape(tf.eye(taps), [kh, kw, 1, taps]), [1, 1, ch, 1]);
    const patches = tf.transpose(tf.reshape(forward(tf, c, x, bank), [-1, ch, taps]), [1, 2, 0]);
    const grads = tf.transpose(tf.reshape(dy, [-1, ch, out]), [1, 0, 2]);
    return tf.reshape(tf.transpose(tf.matMul(patches, grads), [1, 0, 2]), c.filter);
  });
}

/** The largest difference, relative to the reference's largest magnitude (at least 1). */
export function maxError(actual: Tensor, expected: Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < e.length; i++) {
    worst = Math.max(worst, Math.abs(a[i]! - e[i]!));
    scale = Math.max(scale, Math.abs(e[i]!));
  }
  return worst / scale;
}
