import type { Tensor } from "@tensorflow/tfjs-core";
import { BATCH_NORM_CLAMP } from "../kernels/inference-kernels.js";
import type { TfNamespace } from "../tf.js";
import type { BatchNormWeights } from "./folded-weights.js";
import { applyCall } from "./graph.js";
import type { BatchNormActivation } from "./steps.js";

/**
 * A batch norm and the ReLU or ReLU6 after it in one pass over `x`, by the backend's
 * `BATCH_NORM_CLAMP` kernel (thtl's wasm kernels), or as the two layers where it has none.
 */
export function runBatchNormActivation(tf: TfNamespace, step: BatchNormActivation, x: Tensor): Tensor {
  if (tf.getKernel(BATCH_NORM_CLAMP, tf.getBackend()) === undefined)
    return tf.tidy(() => applyCall(step.activation, applyCall(step.bn, [x]))[0]!);
  const bn = step.bn.layer as unknown as BatchNormWeights;
  const inputs = {
    x,
    mean: bn.movingMean.read(),
    variance: bn.movingVariance.read(),
    ...(bn.beta && { offset: bn.beta.read() }),
    ...(bn.gamma && { scale: bn.gamma.read() }),
  };
  const [min, max] = step.clamp;
  return tf.engine().runKernel(BATCH_NORM_CLAMP, inputs, { varianceEpsilon: step.epsilon, min, max }) as Tensor;
}
