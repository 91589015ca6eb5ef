import { engine, type NamedAttrMap, type NamedTensorMap, type Tensor, type TensorInfo } from "@tensorflow/tfjs-core";

/**
 * Runs another kernel of the current backend from inside a kernel. Inputs may be bare TensorInfos
 * (a kernel's own inputs): wrapping those in Tensors would let a `tidy` free data the caller owns.
 * The result is a Tensor tracked by the active scope, so a surrounding `tidy` disposes it.
 */
export function run(kernelName: string, inputs: Record<string, TensorInfo>, attrs: object = {}): Tensor {
  return engine().runKernel(kernelName, inputs as NamedTensorMap, attrs as NamedAttrMap) as Tensor;
}

export function reshape(x: TensorInfo, shape: number[]): Tensor {
  return run("Reshape", { x }, { shape });
}

export function transpose(x: TensorInfo, perm: number[]): Tensor {
  return run("Transpose", { x }, { perm });
}
