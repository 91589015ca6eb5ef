import type { Tensor } from "@tensorflow/tfjs-core";
import type { Swish } from "@tensorflow/tfjs-layers/dist/activations.js";
import type { TfNamespace as Tf } from "../tf.js";
import { registeredClass } from "./registered-class.js";

/**
 * tfjs's swish computes x sigmoid(x alpha) with alpha 1 as a multiplication of its own: a pass
 * over the activation that changes nothing (x times 1 is x, bit for bit, and so is its gradient).
 * EfficientNet's 65 swishes ran 65 of them. This subclass leaves it out where alpha is 1, and
 * takes tfjs's place under the name `swish` in the serialization map (`registeredClass`),
 * so every layer that names the activation, activation layers and convolutions alike, uses it.
 */
export function registerSwish(tf: Tf): void {
  registeredClass(tf, "swish", () => {
    const layer = tf.layers.activation({ activation: "swish" }) as unknown as { activation: Swish };
    const base = layer.activation.constructor as typeof Swish;
    return class ThtlSwish extends base {
      static override readonly className = "swish";
      override apply(x: Tensor, alpha = 1): Tensor {
        if (alpha !== 1) return super.apply(x, alpha);
        return tf.tidy(() => tf.mul(tf.sigmoid(x), x));
      }
    };
  });
}
