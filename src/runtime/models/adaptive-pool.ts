import type { Tensor } from "@tensorflow/tfjs-core";
import type { Layer, LayerArgs } from "@tensorflow/tfjs-layers/dist/engine/topology.js";
import type { Kwargs } from "@tensorflow/tfjs-layers/dist/types.js";
import type { TfNamespace as Tf } from "../tf.js";

export interface AdaptiveAvgPoolArgs extends LayerArgs {
  output: [number, number];
}

type AdaptiveAvgPoolClass = new (args: AdaptiveAvgPoolArgs) => Layer;

const classes = new WeakMap<object, AdaptiveAvgPoolClass>();

/**
 * PyTorch's pooling weights: output cell `i` of `out` averages input rows
 * floor(i * size / out) to ceil((i + 1) * size / out) - 1, so the cells tile the input evenly.
 * Returned as an [out, size] matrix.
 */
export function adaptiveWeights(size: number, out: number): Float32Array {
  const weights = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out);
    const end = Math.ceil(((i + 1) * size) / out);
    for (let j = start; j < end; j++) weights[i * size + j] = 1 / (end - start);
  }
  return weights;
}

/**
 * PyTorch's `AdaptiveAvgPool2d` as a tfjs layer (torchvision's VGG pools its features to 7x7 at
 * every input size). The pooling is linear and separable, so it is two matrix products, one per
 * spatial axis: ops that every backend has, with gradients. Registered under its own class name,
 * so an exported model.json names it.
 */
export function adaptiveAvgPoolClass(tf: Tf): AdaptiveAvgPoolClass {
  let cls = classes.get(tf.layers);
  if (!cls) {
    const base = Object.getPrototypeOf(Object.getPrototypeOf(tf.layers.flatten({}))).constructor as new (
      args: LayerArgs,
    ) => Layer;
    class AdaptiveAveragePooling2D extends base {
      static className = "AdaptiveAveragePooling2D";
      readonly output2d: [number, number];
      constructor(args: AdaptiveAvgPoolArgs) {
        super(args);
        this.output2d = args.output;
      }
      override computeOutputShape(shape: (number | null)[]): (number | null)[] {
        return [shape[0]!, this.output2d[0], this.output2d[1], shape[3]!];
      }
      override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
        const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as Tensor;
        return tf.tidy(() => {
          const [n, h, w, c] = x.shape as [number, number, number, number];
          const [oh, ow] = this.output2d;
          const rows = tf.tensor2d(adaptiveWeights(h, oh), [oh, h]);
          const cols = tf.tensor2d(adaptiveWeights(w, ow), [ow, w]);
          // [n, h, w, c] -> [h, n*w*c] -> rows x -> [oh, n, w, c]
          let y = tf.reshape(tf.matMul(rows, tf.reshape(tf.transpose(x, [1, 0, 2, 3]), [h, n * w * c])), [oh, n, w, c]);
          // [oh, n, w, c] -> [w, oh*n*c] -> cols x -> [ow, oh, n, c] -> [n, oh, ow, c]
          y = tf.reshape(tf.matMul(cols, tf.reshape(tf.transpose(y, [2, 0, 1, 3]), [w, oh * n * c])), [ow, oh, n, c]);
          return tf.transpose(y, [2, 1, 0, 3]);
        });
      }
      override getConfig() {
        return { ...super.getConfig(), output: this.output2d };
      }
    }
    tf.serialization.registerClass(AdaptiveAveragePooling2D as never);
    cls = AdaptiveAveragePooling2D;
    classes.set(tf.layers, cls);
  }
  return cls;
}
