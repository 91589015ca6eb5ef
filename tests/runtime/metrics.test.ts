import { describe, expect, it } from "vitest";
import { computeMetrics, monitoredValue, rocAuc } from "../../src/runtime/metrics.js";

describe("computeMetrics", () => {
  // Hand-computed: predictions 0,1,1,0,2,2 for labels 0,0,1,1,2,2.
  const probs = new Float32Array([
    0.7, 0.2, 0.1, 0.3, 0.6, 0.1, 0.1, 0.8, 0.1, 0.5, 0.4, 0.1, 0.2, 0.2, 0.6, 0.1, 0.1, 0.8,
  ]);
  const labels = new Int32Array([0, 0, 1, 1, 2, 2]);
  const m = computeMetrics(probs, labels, ["a", "b", "c"], "c");

  it("counts the confusion matrix as [actual][predicted]", () => {
    expect(m.confusion).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 2],
    ]);
  });

  it("computes accuracy, per-class figures and macro-F1", () => {
    expect(m.acc).toBeCloseTo(4 / 6, 12);
    expect(m.perClass.map((k) => [k.class, k.precision, k.recall, k.f1, k.support])).toEqual([
      ["a", 0.5, 0.5, 0.5, 2],
      ["b", 0.5, 0.5, 0.5, 2],
      ["c", 1, 1, 1, 2],
    ]);
    expect(m.macroF1).toBeCloseTo(2 / 3, 12);
    expect(m.positive).toEqual({ class: "c", precision: 1, recall: 1 });
    expect(m.auc).toBeNull();
  });

  it("computes the mean cross-entropy of the true class", () => {
    const expected = -[0.7, 0.3, 0.8, 0.4, 0.6, 0.8].reduce((s, p) => s + Math.log(p), 0) / 6;
    expect(m.loss).toBeCloseTo(expected, 6);
  });

  it("gives zero precision to a class never predicted", () => {
    const r = computeMetrics(new Float32Array([0.9, 0.1, 0.8, 0.2]), new Int32Array([0, 1]), ["x", "y"], "y");
    expect(r.perClass[1]).toEqual({ class: "y", precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.positive).toEqual({ class: "y", precision: 0, recall: 0 });
  });
});

describe("ROC AUC", () => {
  it("matches the textbook example (0.75)", () => {
    const probs = new Float32Array([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8]);
    const m = computeMetrics(probs, new Int32Array([0, 0, 1, 1]), ["neg", "pos"], "pos");
    expect(m.auc).toBeCloseTo(0.75, 6);
    expect(m.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(m.positive).toEqual({ class: "pos", precision: 1, recall: 0.5 });
  });

  it("counts ties as one half and is undefined with one class only", () => {
    expect(rocAuc(new Float32Array([0.5, 0.5, 0.5, 0.5]), new Int32Array([0, 1]), 1)).toBe(0.5);
    expect(rocAuc(new Float32Array([0.5, 0.5, 0.2, 0.8]), new Int32Array([1, 1]), 1)).toBeNull();
  });

  it("scores the positive class when it is the first one", () => {
    const probs = new Float32Array([0.9, 0.1, 0.2, 0.8]);
    expect(rocAuc(probs, new Int32Array([0, 1]), 0)).toBe(1);
  });
});

describe("monitoredValue", () => {
  const m = computeMetrics(new Float32Array([0.9, 0.1, 0.3, 0.7]), new Int32Array([0, 1]), ["n", "p"], "p");
  it("reads loss as lower-is-better and the rest as higher-is-better", () => {
    expect(monitoredValue("val_loss", m).higherIsBetter).toBe(false);
    expect(monitoredValue("val_acc", m)).toEqual({ value: 1, higherIsBetter: true });
    expect(monitoredValue("val_f1", m)).toEqual({ value: 1, higherIsBetter: true });
    expect(monitoredValue("val_recall", m)).toEqual({ value: 1, higherIsBetter: true });
  });
});

describe("rocAuc on scores that NaN or infinity break", () => {
  // Two columns per row; the score is column 1's. (A NaN once left the tie loop spinning.)
  const rows = (scores: number[]) => new Float32Array(scores.flatMap((s) => [1 - s, s]));

  it("is NaN when a score is NaN: such a score has no rank", () => {
    expect(rocAuc(rows([0.2, Number.NaN, 0.7, Number.NaN]), new Int32Array([0, 1, 1, 0]), 1)).toBeNaN();
  });

  it("ranks infinite scores, ties among them counting one half", () => {
    // Positives {inf, 0.5} against negatives {-inf, inf}: 1 + 0.5 + 1 + 0 of 4 pairs.
    const scores = new Float32Array([0, Infinity, 0, -Infinity, 0, Infinity, 0.5, 0.5]);
    expect(rocAuc(scores, new Int32Array([1, 0, 0, 1]), 1)).toBe(0.625);
  });
});
