import type { Tensor } from "@tensorflow/tfjs-core";
import type { ReLU, ReLULayerArgs } from "@tensorflow/tfjs-layers/dist/layers/advanced_activations.js";
import type { Kwargs } from "@tensorflow/tfjs-layers/dist/types.js";
import type { TfNamespace as Tf } from "../tf.js";
import { registeredClass } from "./registered-class.js";

export type ReLUClass = new (args?: ReLULayerArgs) => ReLU;

/**
 * tfjs's ReLU layer with `maxValue` runs two kernels, a ReLU and then a clip to [0, maxValue].
 * With a maximum of 6 (MobileNetV2's ReLU6) this subclass runs the one `relu6` kernel instead:
 * the same values, and the same gradient (1 on (0, 6], as ReLU's and the clip's product), in one
 * pass over the activation instead of two (35 passes of MobileNetV2's forward). It keeps the
 * class name `ReLU` and replaces tfjs's in the serialization map (`registeredClass`).
 */
export function reluClass(tf: Tf): ReLUClass {
  return registeredClass(tf, "ReLU", () => {
    const base = Object.getPrototypeOf(tf.layers.reLU({})).constructor as typeof ReLU;
    return class ThtlReLU extends base {
      static override className = "ReLU";
      override call(inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
        if (this.maxValue !== 6) return super.call(inputs, kwargs);
        return tf.relu6(Array.isArray(inputs) ? inputs[0]! : inputs);
      }
    };
  });
}
