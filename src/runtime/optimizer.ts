import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import type { PlanOptimizer } from "../plan/types.js";
import type { TfNamespace } from "./tf.js";

/**
 * The stage optimizers, written here rather than taken from tfjs so that
 * - every variable carries its own learning-rate factor (`lr SEL X` is one optimizer with
 *   per-variable rates, not one optimizer per group),
 * - AdamW's decoupled weight decay exists (tfjs has none),
 * - the state (step count and slots) saves and restores exactly, so a resumed run continues
 *   bit for bit (tfjs's Adam rebuilds its beta powers with `pow` on restore, which rounds
 *   differently from the repeated products it kept before).
 *
 * Update rules follow PyTorch; constants follow Keras (Adam eps 1e-7, RMSprop rho 0.9).
 * `weight_decay` is L2 added to the gradient for sgd, adam and rmsprop, and decoupled
 * (`w -= lr * wd * w`) for adamw.
 */

export interface TrainableVariable {
  /** The weight's name in the model (`conv1_conv/kernel`); slots are saved under it. */
  name: string;
  variable: Variable;
  /** This variable's learning rate over the stage's base learning rate. */
  lrScale: number;
}

export interface OptimizerState {
  step: number;
  /** Slot values by `weightName/slotName`, in the order `slotNames()` lists them. */
  slots: { name: string; shape: number[]; values: Float32Array }[];
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const ADAM_EPSILON = 1e-7;
const RMS_RHO = 0.9;
const RMS_EPSILON = 1e-7;

export class StageOptimizer {
  private step = 0;
  private readonly slots: Variable[][];

  constructor(
    private readonly tf: TfNamespace,
    private readonly spec: PlanOptimizer,
    private readonly vars: TrainableVariable[],
    private readonly weightDecay: number,
  ) {
    const count =
      spec.name === "adam" || spec.name === "adamw" ? 2 : spec.name === "rmsprop" ? 1 : spec.momentum > 0 ? 1 : 0;
    this.slots = vars.map((v) =>
      Array.from({ length: count }, () => tf.tidy(() => tf.variable(tf.zerosLike(v.variable), false))),
    );
  }

  /** Applies one step; `grads[i]` belongs to `vars[i]`. Call inside `tf.tidy`. */
  apply(grads: Tensor[], lr: number): void {
    this.step += 1;
    // One tidy per variable frees its temporaries before the next variable's are made, rather
    // than all of them living until the step ends: a lower device-memory peak, less heap promoted.
    this.vars.forEach((v, i) => this.tf.tidy(() => this.update(v, this.slots[i]!, grads[i]!, lr)));
  }

  private update(v: TrainableVariable, slots: Variable[], grad: Tensor, lr: number): void {
    const tf = this.tf;
    const t = this.step;
    const wd = this.weightDecay;
    const rate = lr * v.lrScale;
    const w = v.variable;
    let g = grad;
    if (wd > 0 && this.spec.name !== "adamw") g = tf.add(g, tf.mul(w, wd));
    switch (this.spec.name) {
      case "sgd": {
        if (slots.length > 0) {
          slots[0]!.assign(tf.add(tf.mul(slots[0]!, this.spec.momentum), g));
          g = slots[0]!;
        }
        w.assign(tf.sub(w, tf.mul(g, rate)));
        break;
      }
      case "rmsprop": {
        slots[0]!.assign(tf.add(tf.mul(slots[0]!, RMS_RHO), tf.mul(tf.square(g), 1 - RMS_RHO)));
        w.assign(tf.sub(w, tf.mul(tf.div(g, tf.add(tf.sqrt(slots[0]!), RMS_EPSILON)), rate)));
        break;
      }
      case "adam":
      case "adamw": {
        const [m, s] = slots as [Variable, Variable];
        m.assign(tf.add(tf.mul(m, BETA1), tf.mul(g, 1 - BETA1)));
        s.assign(tf.add(tf.mul(s, BETA2), tf.mul(tf.square(g), 1 - BETA2)));
        const mHat = tf.div(m, 1 - BETA1 ** t);
        const sHat = tf.div(s, 1 - BETA2 ** t);
        const base = this.spec.name === "adamw" && wd > 0 ? tf.mul(w, 1 - rate * wd) : w;
        w.assign(tf.sub(base, tf.mul(tf.div(mHat, tf.add(tf.sqrt(sHat), ADAM_EPSILON)), rate)));
        break;
      }
    }
  }

  /** Reads the state for a checkpoint (one synchronous read per slot, once per epoch). */
  state(): OptimizerState {
    const slots = this.vars.flatMap((v, i) =>
      this.slots[i]!.map((slot, k) => ({
        name: `${v.name}/${k}`,
        shape: slot.shape.slice(),
        values: slot.dataSync() as Float32Array,
      })),
    );
    return { step: this.step, slots };
  }

  /** Restores a checkpoint's state; refuses one made for other variables. */
  restore(state: OptimizerState): void {
    const expected = this.vars.flatMap((v, i) => this.slots[i]!.map((slot, k) => ({ name: `${v.name}/${k}`, slot })));
    if (expected.length !== state.slots.length || expected.some((e, i) => e.name !== state.slots[i]!.name)) {
      throw new Error("the checkpoint's optimizer state belongs to other weights than this stage trains");
    }
    this.tf.tidy(() => expected.forEach((e, i) => e.slot.assign(this.tf.tensor(state.slots[i]!.values, e.slot.shape))));
    this.step = state.step;
  }

  dispose(): void {
    for (const group of this.slots) for (const slot of group) slot.dispose();
  }
}
