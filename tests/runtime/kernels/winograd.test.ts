import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import {
  winogradApplies,
  winogradConv,
  winogradFilterGradient,
  winogradFilterGradientApplies,
} from "../../../src/runtime/kernels/winograd/winograd.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { forwardAttrs, maxError, type ConvCase } from "./reference.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const pads: ConvCase["pad"][] = [
  "same",
  "valid",
  0,
  1,
  2,
  [
    [0, 0],
    [2, 0],
    [1, 2],
    [0, 0],
  ],
  [
    [0, 0],
    [0, 3],
    [3, 1],
    [0, 0],
  ],
];
/**
 * Odd and even sizes (tiles crossing the bottom and right edges), one-tile images; channels not
 * multiples of 4 (the JavaScript transforms) and multiples of 4 (the SIMD ones).
 */
const shapes: { x: ConvCase["x"]; out: number }[] = [
  { x: [2, 7, 9, 8], out: 12 },
  { x: [1, 4, 4, 16], out: 4 },
  // Few tiles for the channels: the products swap their operands.
  { x: [1, 2, 2, 8], out: 16 },
  { x: [1, 5, 5, 1], out: 2 },
  { x: [3, 7, 6, 3], out: 5 },
  { x: [1, 2, 2, 6], out: 7 },
  { x: [3, 4, 3, 5], out: 3 },
  { x: [2, 9, 10, 33], out: 18 },
  { x: [1, 16, 15, 8], out: 9 },
];

/** Unpadded 2x2 images have an empty output, which wasm's own kernels mishandle (out-of-bounds frees). */
const unpadded = (pad: ConvCase["pad"]) => pad === "valid" || pad === 0;
const cases: ConvCase[] = shapes.flatMap(({ x, out }) =>
  pads
    .filter((pad) => x[1] > 2 || !unpadded(pad))
    .map((pad) => ({
      depthwise: false,
      x,
      filter: [3, 3, x[3], out] as ConvCase["filter"],
      strides: 1,
      dilations: 1,
      pad,
    })),
);

function name(c: ConvCase): string {
  return `x ${c.x.join("x")}, filter ${c.filter.join("x")}, pad ${JSON.stringify(c.pad)}`;
}

function runOn(kernel: string, inputs: Record<string, Tensor>, c: ConvCase): Tensor {
  return tf.engine().runKernel(kernel, inputs, { ...forwardAttrs(c), inputShape: c.x } as never) as Tensor;
}

/** fp32 Winograd F(2x2, 3x3) loses a few bits to its transforms; the direct convolution's error is about 1e-7. */
const TOLERANCE = 2e-5;

describe("Winograd F(2x2, 3x3) for stride-1 3x3 convolutions on wasm", () => {
  it.each(cases.map((c, i) => [name(c), c, i] as const))(
    "Conv2D and its gradients match the cpu backend: %s",
    async (_, c, i) => {
      await tf.setBackend("cpu");
      const x = tf.randomUniform(c.x, -1, 1, "float32", 31 * i + 1);
      const filter = tf.randomUniform(c.filter, -1, 1, "float32", 31 * i + 2);
      const expected = runOn("Conv2D", { x, filter }, c);
      const dy = tf.randomUniform(expected.shape, -1, 1, "float32", 31 * i + 3);
      const expectedDx = runOn("Conv2DBackpropInput", { dy, filter }, c);
      const expectedDw = tf
        .engine()
        .runKernel("Conv2DBackpropFilter", { x, dy }, { ...forwardAttrs(c), filterShape: c.filter } as never) as Tensor;
      await tf.setBackend("wasm");
      const info = tf.backend_util.computeConv2DInfo(
        c.x,
        c.filter,
        1,
        1,
        c.pad,
        forwardAttrs(c).dimRoundingMode as never,
        false,
        "channelsLast",
      );
      expect(winogradApplies(info)).toBe(true);
      const before = tf.memory().numTensors;
      const y = runOn("Conv2D", { x, filter }, c);
      const dx = runOn("Conv2DBackpropInput", { dy, filter }, c);
      // Called directly: the kernel takes this path only where tiles are few for the channels.
      const dw = winogradFilterGradient(tf.backend() as never, x, dy, info);
      expect(tf.memory().numTensors, "tensors left behind by the kernels").toBe(before + 3);
      expect(maxError(y, expected)).toBeLessThan(TOLERANCE);
      expect(maxError(dx, expectedDx)).toBeLessThan(TOLERANCE);
      expect(maxError(dw, expectedDw)).toBeLessThan(TOLERANCE);
      tf.dispose([x, filter, dy, expected, expectedDx, expectedDw, y, dx, dw]);
    },
  );

  it.each([
    { activation: "relu", bias: true, pad: "same" },
    {
      activation: "linear",
      bias: true,
      pad: [
        [0, 0],
        [2, 0],
        [1, 2],
        [0, 0],
      ],
    },
    { activation: "relu", bias: false, pad: "valid" },
    { activation: "relu6", bias: true, pad: "same" },
    { activation: "relu6", bias: false, pad: "valid" },
    { activation: "elu", bias: true, pad: "same" },
  ] as const)(
    "FusedConv2D ($activation, bias $bias, pad $pad) matches the cpu backend",
    async ({ activation, bias, pad }) => {
      const fused = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const x = tf.randomUniform([2, 7, 9, 8], -1, 1, "float32", 41);
          const filter = tf.randomUniform([3, 3, 8, 12], -1, 1, "float32", 42);
          const b = bias ? tf.randomUniform([12], -1, 1, "float32", 43) : undefined;
          return tf.fused.conv2d({
            x: x as never,
            filter: filter as never,
            strides: 1,
            pad: pad as never,
            bias: b,
            activation,
          });
        });
      };
      const expected = await fused("cpu");
      const actual = await fused("wasm");
      expect(maxError(actual, expected)).toBeLessThan(TOLERANCE);
      tf.dispose([expected, actual]);
    },
  );

  it("gives the same convolution in passes of a few tiles as in one", async () => {
    const c: ConvCase = {
      depthwise: false,
      x: [2, 7, 9, 8],
      filter: [3, 3, 8, 4],
      strides: 1,
      dilations: 1,
      pad: "same",
    };
    await tf.setBackend("cpu");
    const x = tf.randomUniform(c.x, -1, 1, "float32", 7);
    const filter = tf.randomUniform(c.filter, -1, 1, "float32", 8);
    const expected = runOn("Conv2D", { x, filter }, c);
    const dy = tf.randomUniform(expected.shape, -1, 1, "float32", 9);
    const expectedDx = runOn("Conv2DBackpropInput", { dy, filter }, c);
    await tf.setBackend("wasm");
    // 3 tiles of 8 channels per pass: 14 passes over the 40 tiles, the last of one tile.
    const passElements = 16 * 8 * 3 + 1;
    const y = winogradConv(
      tf.backend() as never,
      x,
      filter,
      false,
      { height: 7, width: 9, padTop: 1, padLeft: 1 },
      passElements,
    );
    const dx = winogradConv(
      tf.backend() as never,
      dy,
      filter,
      true,
      { height: 7, width: 9, padTop: 1, padLeft: 1 },
      passElements,
    );
    expect(maxError(y, expected)).toBeLessThan(TOLERANCE);
    expect(maxError(dx, expectedDx)).toBeLessThan(TOLERANCE);
    tf.dispose([x, filter, dy, expected, expectedDx, y, dx]);
  });

  it("takes the filter gradient by Winograd where tiles are at most 8 per input channel", () => {
    const info = (x: ConvCase["x"]) =>
      tf.backend_util.computeConv2DInfo(x, [3, 3, x[3], 8], 1, 1, "same", undefined, false, "channelsLast");
    expect(winogradFilterGradientApplies(info([32, 8, 8, 128]))).toBe(true);
    expect(winogradFilterGradientApplies(info([32, 16, 16, 64]))).toBe(false);
  });

  it("leaves strided, dilated and other kernel sizes to the direct convolution", () => {
    const info = (filter: [number, number, number, number], strides: number, dilations: number) =>
      tf.backend_util.computeConv2DInfo(
        [2, 8, 8, 4],
        filter,
        strides,
        dilations,
        "same",
        undefined,
        false,
        "channelsLast",
      );
    expect(winogradApplies(info([3, 3, 4, 4], 2, 1))).toBe(false);
    expect(winogradApplies(info([3, 3, 4, 4], 1, 2))).toBe(false);
    expect(winogradApplies(info([5, 5, 4, 4], 1, 1))).toBe(false);
    expect(winogradApplies(info([1, 1, 4, 4], 1, 1))).toBe(false);
  });
});
