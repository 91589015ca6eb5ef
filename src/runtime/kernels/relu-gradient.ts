import {
  cast,
  getBackend,
  lessEqual,
  mul,
  Relu,
  Relu6,
  step,
  type GradConfig,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
} from "@tensorflow/tfjs-core";
import { run } from "./engine-ops.js";
import type { WasmHeap } from "./wasm-heap.js";

const RELU_GRAD = "ThtlReluGrad";

/**
 * `dy` where `0 < x` (and `x <= cap` for ReLU6), else 0; NaN where `x` is NaN, as tfjs's `step`
 * gives. One pass, where tfjs's gradients run three to five full-size kernels (LessEqual, Step,
 * LogicalAnd, Cast, Multiply): 17% of a MobileNetV2 step on wasm.
 */
const reluGrad: KernelFunc = ({ inputs, attrs, backend }) => {
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const cap = (attrs as unknown as { cap: number }).cap;
  const heap = backend as unknown as WasmHeap;
  const out = heap.makeOutput(x.shape, "float32");
  const [g, v, dx] = [dy, x, out].map((t) => heap.typedArrayFromHeap(t));
  for (let i = 0; i < v!.length; i++) {
    const value = v![i]!;
    dx![i] = value > 0 && value <= cap ? g![i]! : value !== value ? Number.NaN : 0;
  }
  return out;
};

export const reluGradKernel: KernelConfig = { kernelName: RELU_GRAD, backendName: "wasm", kernelFunc: reluGrad };

/** The gradients of Relu and Relu6: our kernel on wasm, tfjs-core's formulas elsewhere. */
function gradient(kernelName: string, cap: number): GradConfig {
  return {
    kernelName,
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => {
      const [x] = saved as [Tensor];
      const grad = dy as Tensor;
      if (getBackend() === "wasm") return { x: () => run(RELU_GRAD, { dy: grad, x }, { cap }) };
      const mask = cap === Number.POSITIVE_INFINITY ? step(x) : mul(lessEqual(x, cap), step(x));
      return { x: () => mul(grad, cast(mask, "float32")) };
    },
  };
}

export const reluGradients: GradConfig[] = [gradient(Relu, Number.POSITIVE_INFINITY), gradient(Relu6, 6)];
