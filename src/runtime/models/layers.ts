import type { Layer } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { LayerNode } from "../../models/graph.js";
import type { TfNamespace } from "../tf.js";
import { adaptiveAvgPoolClass } from "./adaptive-pool.js";
import { batchNormClass } from "./batchnorm.js";
import { reluClass } from "./relu.js";
import { registerSwish } from "./swish.js";

/**
 * One layer of the graph as a tfjs layer with the same name and configuration. With a seed, every
 * kernel initializer gets its own seed derived from it, so that a model's initial weights are
 * reproducible; biases and batch-norm parameters start at Keras's constants.
 */
export function createLayer(tf: TfNamespace, node: LayerNode, seed: number | undefined): Layer {
  registerSwish(tf);
  const { name } = node;
  const init = (weight = "kernel") =>
    seed === undefined ? undefined : tf.initializers.glorotUniform({ seed: nextSeed(seed, `${name}/${weight}`) });
  switch (node.kind) {
    case "conv2d": {
      const { filters, kernel, strides, padding, useBias, activation } = node.config;
      return tf.layers.conv2d({
        name,
        filters,
        kernelSize: kernel,
        strides,
        padding,
        useBias,
        activation,
        kernelInitializer: init(),
      });
    }
    case "depthwise_conv2d": {
      const { kernel, strides, padding, depthMultiplier, useBias, activation } = node.config;
      const args = { name, kernelSize: kernel, strides, padding, depthMultiplier, useBias, activation };
      return tf.layers.depthwiseConv2d({ ...args, depthwiseInitializer: init("depthwise_kernel") });
    }
    case "separable_conv2d": {
      const { filters, kernel, strides, padding, depthMultiplier, useBias, activation } = node.config;
      const args = { name, filters, kernelSize: kernel, strides, padding, depthMultiplier, useBias, activation };
      const initializers = {
        depthwiseInitializer: init("depthwise_kernel"),
        pointwiseInitializer: init("pointwise_kernel"),
      };
      return tf.layers.separableConv2d({ ...args, ...initializers });
    }
    case "batchnorm": {
      const BatchNorm = batchNormClass(tf);
      return new BatchNorm({ name, axis: -1, ...node.config });
    }
    case "activation":
      return tf.layers.activation({ name, activation: node.config.activation });
    case "relu": {
      const ReLU = reluClass(tf);
      return new ReLU({ name, maxValue: node.config.maxValue ?? undefined });
    }
    case "add":
      return tf.layers.add({ name });
    case "multiply":
      return tf.layers.multiply({ name });
    case "concat":
      return tf.layers.concatenate({ name, axis: -1 });
    case "maxpool":
      return tf.layers.maxPooling2d({
        name,
        poolSize: node.config.pool,
        strides: node.config.strides,
        padding: node.config.padding,
      });
    case "avgpool":
      return tf.layers.averagePooling2d({
        name,
        poolSize: node.config.pool,
        strides: node.config.strides,
        padding: node.config.padding,
      });
    case "global_avg_pool":
      return tf.layers.globalAveragePooling2d({ name });
    case "adaptive_avg_pool": {
      const AdaptivePool = adaptiveAvgPoolClass(tf);
      return new AdaptivePool({ name, output: node.config.output });
    }
    case "zeropad":
      return tf.layers.zeroPadding2d({ name, padding: node.config.padding });
    case "flatten":
      return tf.layers.flatten({ name });
    case "reshape":
      return tf.layers.reshape({ name, targetShape: node.config.targetShape });
    case "dropout":
      // tfjs fills `null` axes of the noise shape from the input, as Keras does with `None`.
      return tf.layers.dropout({
        name,
        rate: node.config.rate,
        noiseShape: (node.config.noiseShape ?? undefined) as number[] | undefined,
      });
    case "dense": {
      const { units, useBias, activation } = node.config;
      return tf.layers.dense({ name, units, useBias, activation, kernelInitializer: init() });
    }
  }
}

/** A 31-bit seed from the model's seed and the layer's name (FNV-1a), stable across builds. */
function nextSeed(seed: number, name: string): number {
  let hash = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619) >>> 0;
  return hash & 0x7fffffff;
}
