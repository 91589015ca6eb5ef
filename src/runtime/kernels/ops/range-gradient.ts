import {
  cast,
  ClipByValue,
  getBackend,
  greaterEqual,
  lessEqual,
  logicalAnd,
  mul,
  Relu,
  Relu6,
  step,
  where,
  zerosLike,
  type ClipByValueAttrs,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { run } from "../engine/engine-ops.js";
import { runHeapLoop } from "../loops/js-pool.js";
import { rangeGradientSimd } from "./range-gradient-simd.js";
import { heapOffset, type WasmHeap } from "../engine/wasm-heap.js";

const RANGE_GRAD = "ThtlRangeGrad";

interface RangeAttrs {
  min: number;
  max: number;
  /** Relu and Relu6 (tfjs's `step`): `min < x`, NaN in gives NaN out. ClipByValue: `min <= x`, NaN gives 0. */
  clip: boolean;
}

/**
 * `dy` where `x` lies in the range, else 0, in one pass: tfjs's gradients of Relu, Relu6 and
 * ClipByValue (tfjs-layers' ReLU6) run three to five full-size kernels each. In wasm SIMD where
 * the engine has it, on the calling thread: MobileNetV2's 70 calls a step took 141 ms of CPU time
 * in the JavaScript loop and take 18 (docs/performance.md).
 */
const rangeGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const { min, max, clip } = attrs as unknown as RangeAttrs;
  const heap = backend as unknown as WasmHeap;
  const out = heap.makeOutput(x.shape, "float32");
  const [g, v, dx] = [dy, x, out].map((t) => heap.typedArrayFromHeap(t)) as [Float32Array, Float32Array, Float32Array];
  const simd = rangeGradientSimd(backend);
  // Whole vectors in SIMD, the last few elements (or all, without SIMD) in the JavaScript loop.
  const vectorised = simd === null ? 0 : dx.length - (dx.length % 4);
  if (vectorised > 0)
    (clip ? simd!.closed : simd!.open)(g.byteOffset, v.byteOffset, dx.byteOffset, 4 * vectorised, min, max);
  const rest = dx.length - vectorised;
  if (rest > 0) {
    const [gAt, vAt, dxAt] = [g, v, dx].map((a) => heapOffset(a) + vectorised) as [number, number, number];
    runHeapLoop("rangeGradient", dx.buffer, [gAt, vAt, dxAt, min, max, Number(clip)], rest, 3 * rest);
  }
  return out;
};

export const rangeGradKernel: KernelConfig = { kernelName: RANGE_GRAD, backendName: "wasm", kernelFunc: rangeGrad };

/** On wasm, one kernel; elsewhere tfjs-core's own formula (`tfjs`), so values match everywhere. */
function gradient(
  kernelName: string,
  range: (attrs: object) => RangeAttrs,
  tfjs: (dy: Tensor, x: Tensor, r: RangeAttrs) => Tensor,
): GradConfig {
  return {
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [Tensor];
      const r = range(attrs);
      if (getBackend() === "wasm") return { x: () => run(RANGE_GRAD, { dy: dy as Tensor, x }, r) };
      return { x: () => tfjs(dy as Tensor, x, r) };
    },
  };
}

export const rangeGradients: GradConfig[] = [
  gradient(
    Relu,
    () => ({ min: 0, max: Number.POSITIVE_INFINITY, clip: false }),
    (dy, x) => mul(dy, cast(step(x), "float32")),
  ),
  gradient(
    Relu6,
    () => ({ min: 0, max: 6, clip: false }),
    (dy, x) => mul(dy, cast(mul(lessEqual(x, 6), step(x)), "float32")),
  ),
  gradient(
    ClipByValue,
    (attrs) => ({
      min: (attrs as ClipByValueAttrs).clipValueMin,
      max: (attrs as ClipByValueAttrs).clipValueMax,
      clip: true,
    }),
    (dy, x, r) => where(logicalAnd(greaterEqual(x, r.min), lessEqual(x, r.max)), dy, zerosLike(dy)),
  ),
];
