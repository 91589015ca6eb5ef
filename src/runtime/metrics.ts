import type { Metrics } from "./events.js";

/**
 * Evaluation metrics computed in plain TypeScript from predicted class probabilities, so that
 * every backend reports them identically. `probs` holds `labels.length` rows of `classes.length`
 * probabilities each.
 *
 * Conventions (as scikit-learn with `zero_division=0`): a class never predicted has precision 0,
 * a class absent from the labels has recall 0, and F1 is 0 when precision and recall both are.
 * Macro-F1 averages over every class, present or not.
 */
export function computeMetrics(
  probs: Float32Array,
  labels: Int32Array,
  classes: readonly string[],
  positive: string | null,
): Metrics {
  const c = classes.length;
  const n = labels.length;
  if (probs.length !== n * c) throw new Error(`expected ${n * c} probabilities, got ${probs.length}`);
  const confusion = classes.map(() => new Array<number>(c).fill(0));
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const actual = labels[i]!;
    const predicted = argmaxRow(probs, i * c, c);
    confusion[actual]![predicted]! += 1;
    if (predicted === actual) correct++;
    lossSum -= Math.log(Math.max(probs[i * c + actual]!, 1e-7));
  }
  const perClass = classes.map((name, k) => classFigures(confusion, name, k));
  const positiveIndex = positive === null ? -1 : classes.indexOf(positive);
  const pos = positiveIndex >= 0 ? perClass[positiveIndex]! : null;
  return {
    loss: n === 0 ? 0 : lossSum / n,
    acc: n === 0 ? 0 : correct / n,
    macroF1: c === 0 ? 0 : perClass.reduce((sum, k) => sum + k.f1, 0) / c,
    perClass,
    positive: pos ? { class: pos.class, precision: pos.precision, recall: pos.recall } : null,
    auc: c === 2 ? rocAuc(probs, labels, positiveIndex >= 0 ? positiveIndex : 1) : null,
    confusion,
  };
}

/** The first index of the largest value in a row (ties go to the lower class, as argmax does). */
function argmaxRow(values: Float32Array, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}

function classFigures(confusion: number[][], name: string, k: number) {
  const truePositives = confusion[k]![k]!;
  const support = confusion[k]!.reduce((a, b) => a + b, 0);
  const predicted = confusion.reduce((sum, row) => sum + row[k]!, 0);
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = support === 0 ? 0 : truePositives / support;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { class: name, precision, recall, f1, support };
}

/**
 * ROC AUC of a two-class problem: the probability that a random positive scores above a random
 * negative, ties counting one half (the Mann-Whitney statistic, which equals the trapezoidal area).
 * Null when one of the classes is absent, since the curve is then undefined.
 */
export function rocAuc(probs: Float32Array, labels: Int32Array, positiveIndex: number): number | null {
  const scored = Array.from(labels, (label, i) => ({
    score: probs[i * 2 + positiveIndex]!,
    pos: label === positiveIndex,
  }));
  const positives = scored.filter((s) => s.pos).length;
  const negatives = scored.length - positives;
  if (positives === 0 || negatives === 0) return null;
  // A NaN score has no rank, and sorting by it is undefined: so is the area.
  if (scored.some((s) => Number.isNaN(s.score))) return Number.NaN;
  scored.sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < scored.length;) {
    // Each group of ties holds at least its first score, whatever `===` says of it.
    let j = i + 1;
    while (j < scored.length && scored[j]!.score === scored[i]!.score) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (scored[k]!.pos) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The value an early-stopping or `keep best` monitor reads, and whether larger is better. */
export function monitoredValue(metric: string, m: Metrics): { value: number; higherIsBetter: boolean } {
  switch (metric) {
    case "val_loss":
      return { value: m.loss, higherIsBetter: false };
    case "val_acc":
      return { value: m.acc, higherIsBetter: true };
    case "val_f1":
      return { value: m.macroF1, higherIsBetter: true };
    case "val_recall":
      // Without a positive class, macro recall (balanced accuracy) stands in.
      return {
        value: m.positive
          ? m.positive.recall
          : m.perClass.reduce((s, k) => s + k.recall, 0) / Math.max(1, m.perClass.length),
        higherIsBetter: true,
      };
    default:
      throw new Error(`unknown monitored metric '${metric}'`);
  }
}
