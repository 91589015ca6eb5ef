import { beforeAll, describe, expect, it } from "vitest";
import type { Metrics } from "../../src/runtime/events.js";
import { newMonitor, observe, shouldStop } from "../../src/runtime/early-stop.js";
import { learningRate } from "../../src/runtime/lr-schedule.js";
import { StageOptimizer } from "../../src/runtime/optimizer.js";
import type { PlanOptimizer } from "../../src/plan/types.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { cpuTf } from "./helpers.js";

let tf: TfNamespace;
beforeAll(async () => {
  tf = await cpuTf();
});

/** Steps of one variable starting at 1 under constant gradient 2, lr 0.1; the values after each step. */
function steps(spec: PlanOptimizer, count: number, weightDecay = 0, lrScale = 1): number[] {
  const variable = tf.variable(tf.scalar(1));
  const optimizer = new StageOptimizer(tf, spec, [{ name: "w", variable, lrScale }], weightDecay);
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    tf.tidy(() => optimizer.apply([tf.scalar(2)], 0.1));
    values.push(variable.dataSync()[0]!);
  }
  optimizer.dispose();
  variable.dispose();
  return values;
}

describe("StageOptimizer", () => {
  it("sgd: w -= lr * g; with momentum the buffer accumulates g", () => {
    expect(steps({ name: "sgd", momentum: 0 }, 2).map((v) => +v.toFixed(6))).toEqual([0.8, 0.6]);
    // buffers 2, then 0.9*2+2 = 3.8
    expect(steps({ name: "sgd", momentum: 0.9 }, 2).map((v) => +v.toFixed(6))).toEqual([0.8, 0.42]);
  });

  it("sgd adds L2 weight decay to the gradient", () => {
    // g = 2 + 0.5 * 1 = 2.5
    expect(steps({ name: "sgd", momentum: 0 }, 1, 0.5)[0]).toBeCloseTo(0.75, 6);
  });

  it("adam: the first step moves by lr (bias-corrected)", () => {
    expect(steps({ name: "adam" }, 1)[0]).toBeCloseTo(0.9, 6);
    expect(steps({ name: "adam" }, 2)[1]).toBeCloseTo(0.8, 6);
  });

  it("adamw decays the weight by lr * wd, decoupled from the gradient", () => {
    // 1 * (1 - 0.1 * 0.5) - 0.1
    expect(steps({ name: "adamw" }, 1, 0.5)[0]).toBeCloseTo(0.85, 6);
  });

  it("rmsprop divides by the root of the running mean square (rho 0.9)", () => {
    // ms = 0.1 * 4 = 0.4; w = 1 - 0.1 * 2 / sqrt(0.4)
    expect(steps({ name: "rmsprop" }, 1)[0]).toBeCloseTo(1 - 0.2 / Math.sqrt(0.4), 6);
  });

  it("scales the learning rate per variable (`lr SEL X`)", () => {
    expect(steps({ name: "sgd", momentum: 0 }, 1, 0, 0.5)[0]).toBeCloseTo(0.9, 6);
  });

  it("saves and restores its state so that the next step is identical", () => {
    const run = (interrupt: boolean) => {
      const variable = tf.variable(tf.scalar(1));
      let optimizer = new StageOptimizer(tf, { name: "adam" }, [{ name: "w", variable, lrScale: 1 }], 0);
      tf.tidy(() => optimizer.apply([tf.scalar(2)], 0.1));
      if (interrupt) {
        const state = optimizer.state();
        optimizer.dispose();
        optimizer = new StageOptimizer(tf, { name: "adam" }, [{ name: "w", variable, lrScale: 1 }], 0);
        optimizer.restore(state);
      }
      tf.tidy(() => optimizer.apply([tf.scalar(-1)], 0.1));
      const value = variable.dataSync()[0];
      optimizer.dispose();
      variable.dispose();
      return value;
    };
    expect(run(true)).toBe(run(false));
  });
});

describe("learningRate", () => {
  it("decays per epoch: constant, cosine from lr towards 0, step by factor", () => {
    expect([0, 1, 2].map((e) => learningRate(0.1, { kind: "constant" }, e, 3))).toEqual([0.1, 0.1, 0.1]);
    expect([0, 1, 2, 3].map((e) => +learningRate(1, { kind: "cosine" }, e, 4).toFixed(6))).toEqual([
      1, 0.853553, 0.5, 0.146447,
    ]);
    expect(
      [0, 1, 2, 3, 4].map((e) => +learningRate(1, { kind: "step", every: 2, factor: 0.1 }, e, 5).toFixed(6)),
    ).toEqual([1, 1, 0.1, 0.1, 0.01]);
  });
});

describe("early stopping", () => {
  const val = (loss: number, acc: number): Metrics => ({
    loss,
    acc,
    macroF1: acc,
    perClass: [],
    positive: null,
    auc: null,
    confusion: [],
  });

  it("stops after `patience` epochs without strict improvement", () => {
    const m = newMonitor({ metric: "val_loss", patience: 2 });
    expect([0.5, 0.4, 0.4, 0.45].map((loss, i) => observe(m, val(loss, 0), i + 1))).toEqual([true, true, false, false]);
    expect(shouldStop(m)).toBe(true);
    expect(m.best).toEqual({ value: 0.4, epoch: 2 });
  });

  it("treats accuracy as higher-is-better and never stops without early_stop", () => {
    const m = newMonitor(null);
    expect(m.metric).toBe("val_loss");
    const acc = newMonitor({ metric: "val_acc", patience: 1 });
    observe(acc, val(1, 0.5), 1);
    expect(observe(acc, val(0.1, 0.6), 2)).toBe(true);
    expect(shouldStop(acc)).toBe(false);
    observe(m, val(1, 0), 1);
    observe(m, val(2, 0), 2);
    expect(shouldStop(m)).toBe(false);
  });
});
