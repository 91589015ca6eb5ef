import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import {
  convFilterGradient,
  convFilterGradientByPatches,
  filterGradientInChunks,
} from "../../../src/runtime/kernels/convolution/filter-gradient.js";
import type { WasmHeap } from "../../../src/runtime/kernels/engine/wasm-heap.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";
import { forwardAttrs, maxError, referenceFilterGradient, referenceInputGradient, type ConvCase } from "./reference.js";

let tf: TfNamespace;
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});

const pads: ConvCase["pad"][] = [
  "same",
  "valid",
  1,
  [
    [0, 0],
    [2, 0],
    [1, 2],
    [0, 0],
  ],
];
/** tfjs rejects strides and dilations both above 1, so the grid does too. */
const stepping = [
  { strides: 1, dilations: 1 },
  { strides: 2, dilations: 1 },
  { strides: 1, dilations: 2 },
];
const shapes = [
  { x: [1, 5, 5, 1], kernel: [3, 3], out: 2 },
  { x: [3, 7, 6, 3], kernel: [3, 2], out: 4 },
  { x: [2, 8, 8, 2], kernel: [1, 1], out: 3 },
  { x: [2, 6, 7, 6], kernel: [3, 3], out: 5 },
  // Rows of 16 or more output columns: at stride 1 the filter gradient copies padded input rows.
  { x: [2, 5, 18, 3], kernel: [3, 2], out: 4 },
  { x: [1, 4, 17, 2], kernel: [2, 3], out: 3 },
];

function cases(depthwise: boolean): ConvCase[] {
  return shapes.flatMap((shape) =>
    stepping.flatMap((step) =>
      pads.map((pad) => ({
        depthwise,
        x: shape.x as ConvCase["x"],
        filter: [
          shape.kernel[0]!,
          shape.kernel[1]!,
          shape.x[3]!,
          depthwise ? shape.out - 1 : shape.out,
        ] as ConvCase["filter"],
        ...step,
        pad,
      })),
    ),
  );
}

function name(c: ConvCase): string {
  return `x ${c.x.join("x")}, filter ${c.filter.join("x")}, stride ${c.strides}, dilation ${c.dilations}, pad ${JSON.stringify(c.pad)}`;
}

interface Inputs {
  x: Tensor;
  filter: Tensor;
  dy: Tensor;
}

async function inputsFor(c: ConvCase, seed: number): Promise<Inputs> {
  await tf.setBackend("cpu");
  const x = tf.randomUniform(c.x, -1, 1, "float32", seed);
  const filter = tf.randomUniform(c.filter, -1, 1, "float32", seed + 1);
  const outShape = tf
    .engine()
    .runKernel(c.depthwise ? "DepthwiseConv2dNative" : "Conv2D", { x, filter }, forwardAttrs(c) as never) as Tensor;
  const dy = tf.randomUniform(outShape.shape, -1, 1, "float32", seed + 2);
  outShape.dispose();
  return { x, filter, dy };
}

function gradientAttrs(c: ConvCase) {
  return { ...forwardAttrs(c), filterShape: c.filter, inputShape: c.x };
}

async function onWasm(kernel: string, inputs: Record<string, Tensor>, c: ConvCase): Promise<Tensor> {
  await tf.setBackend("wasm");
  const before = tf.memory().numTensors;
  const result = tf.engine().runKernel(kernel, inputs, gradientAttrs(c) as never) as Tensor;
  expect(tf.memory().numTensors, "tensors left behind by the kernel").toBe(before + 1);
  return result;
}

async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend("cpu");
  return f();
}

const TOLERANCE = 2e-5;

describe.each([
  { depthwise: false, filterKernel: "Conv2DBackpropFilter", inputKernel: "Conv2DBackpropInput" },
  {
    depthwise: true,
    filterKernel: "DepthwiseConv2dNativeBackpropFilter",
    inputKernel: "DepthwiseConv2dNativeBackpropInput",
  },
])("$filterKernel and $inputKernel on wasm", ({ depthwise, filterKernel, inputKernel }) => {
  it.each(cases(depthwise).map((c, i) => [name(c), c, i] as const))("match the cpu backend: %s", async (_, c, i) => {
    const { x, filter, dy } = await inputsFor(c, 17 * i + 1);
    const filterGrad = await onWasm(filterKernel, { x, dy }, c);
    const inputGrad = await onWasm(inputKernel, { dy, filter }, c);
    const references = await onCpu(() => ({
      filter: referenceFilterGradient(tf, c, x, dy),
      input: referenceInputGradient(tf, c, dy, filter),
      // tfjs's own cpu kernels ignore dilations; where there are none they are a second reference.
      cpuFilter:
        c.dilations === 1
          ? (tf.engine().runKernel(filterKernel, { x, dy }, gradientAttrs(c) as never) as Tensor)
          : null,
      cpuInput:
        c.dilations === 1
          ? (tf.engine().runKernel(inputKernel, { dy, filter }, gradientAttrs(c) as never) as Tensor)
          : null,
    }));
    expect(maxError(filterGrad, references.filter)).toBeLessThan(TOLERANCE);
    expect(maxError(inputGrad, references.input)).toBeLessThan(TOLERANCE);
    if (references.cpuFilter) expect(maxError(filterGrad, references.cpuFilter)).toBeLessThan(TOLERANCE);
    if (references.cpuInput) expect(maxError(inputGrad, references.cpuInput)).toBeLessThan(TOLERANCE);
    tf.dispose([
      x,
      filter,
      dy,
      filterGrad,
      inputGrad,
      ...Object.values(references).filter((t): t is Tensor => t !== null),
    ]);
  });
});

function conv2DInfo(c: ConvCase) {
  return tf.backend_util.computeConv2DInfo(
    c.x,
    c.filter,
    c.strides,
    c.dilations,
    c.pad,
    forwardAttrs(c).dimRoundingMode as never,
    false,
    "channelsLast",
  );
}

/** Layers whose patch matrix would pass MAX_PATCH_ELEMENTS take the swapped convolution instead. */
describe("the swapped-convolution filter gradient on wasm", () => {
  it.each(cases(false).map((c, i) => [name(c), c, i] as const))("matches the cpu backend: %s", async (_, c, i) => {
    const { x, filter, dy } = await inputsFor(c, 13 * i + 5);
    await tf.setBackend("wasm");
    const gradient = convFilterGradient(x, dy, conv2DInfo(c));
    const reference = await onCpu(() => referenceFilterGradient(tf, c, x, dy));
    expect(maxError(gradient, reference)).toBeLessThan(TOLERANCE);
    tf.dispose([x, filter, dy, gradient, reference]);
  });
});

/** Or, where a few images' patch matrices fit, the sum of the patch-matrix gradients of a few images at a time. */
describe("the filter gradient over chunks of the batch on wasm", () => {
  const batches = cases(false).map((c) => ({ ...c, x: [5, c.x[1], c.x[2], c.x[3]] as ConvCase["x"] }));
  it.each(batches.map((c, i) => [name(c), c, i] as const))("matches the cpu backend: %s", async (_, c, i) => {
    const { x, filter, dy } = await inputsFor(c, 11 * i + 3);
    await tf.setBackend("wasm");
    const heap = tf.backend() as unknown as WasmHeap;
    const before = tf.memory().numTensors;
    // 5 images, 2 at a time: parts of 2, 2 and 1.
    const gradient = filterGradientInChunks(x, dy, conv2DInfo(c), 2, (xs, dys, part) =>
      convFilterGradientByPatches(heap, xs, dys, part),
    );
    expect(tf.memory().numTensors, "tensors left behind").toBe(before + 1);
    const reference = await onCpu(() => referenceFilterGradient(tf, c, x, dy));
    expect(maxError(gradient, reference)).toBeLessThan(TOLERANCE);
    tf.dispose([x, filter, dy, gradient, reference]);
  });
});

/** Depthwise convolutions of channel multiplier 1 with channels in fours take the SIMD filter gradient. */
describe("DepthwiseConv2dNativeBackpropFilter in SIMD on wasm", () => {
  const simdShapes = [
    { x: [2, 7, 6, 4], kernel: [3, 3] },
    { x: [3, 9, 8, 8], kernel: [5, 5] },
    { x: [1, 6, 9, 12], kernel: [3, 2] },
  ];
  const simdCases: ConvCase[] = simdShapes.flatMap((shape) =>
    [1, 2].flatMap((strides) =>
      pads.map((pad) => ({
        depthwise: true,
        x: shape.x as ConvCase["x"],
        filter: [shape.kernel[0]!, shape.kernel[1]!, shape.x[3]!, 1] as ConvCase["filter"],
        strides,
        dilations: 1,
        pad,
      })),
    ),
  );
  it.each(simdCases.map((c, i) => [name(c), c, i] as const))("matches the cpu backend: %s", async (_, c, i) => {
    const { x, filter, dy } = await inputsFor(c, 7 * i + 2);
    const gradient = await onWasm("DepthwiseConv2dNativeBackpropFilter", { x, dy }, c);
    const reference = await onCpu(() => referenceFilterGradient(tf, c, x, dy));
    expect(maxError(gradient, reference)).toBeLessThan(TOLERANCE);
    tf.dispose([x, filter, dy, gradient, reference]);
  });
});
