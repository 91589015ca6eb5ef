import type { Tensor } from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../src/runtime/backend/select.js";
import { buildModel } from "../../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../../src/runtime/tf.js";

type Gradients = (f: () => Tensor, xs: Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] };

let tf: TfNamespace;
/** tfjs-core's own backward walk, which the runtime's engine no longer uses. */
let tfjsWalk: Gradients;
beforeAll(async () => {
  ({ tf } = await selectBackend("cpu"));
  const engine = tf.engine();
  const prototype = Object.getPrototypeOf(engine) as { gradients: Gradients };
  tfjsWalk = prototype.gradients.bind(engine);
});

const eagerWalk: Gradients = (f, xs, dy) => (tf.engine() as unknown as { gradients: Gradients }).gradients(f, xs, dy);

/** Bytes of tensor data the cpu backend holds at the peak while `run` runs (clones share data). */
function peakBytes(run: () => void): number {
  const backend = tf.backend() as unknown as Record<string, (...args: unknown[]) => unknown>;
  const sizes = new Map<object, number>();
  let live = 0;
  let peak = 0;
  const wrap = (name: string, added: (args: unknown[], result: unknown) => void) => {
    const original = backend[name]!;
    backend[name] = (...args: unknown[]) => {
      const result = original.apply(backend, args);
      added(args, result);
      return result;
    };
    return () => (backend[name] = original);
  };
  const track = (dataId: object, values: unknown) => {
    const bytes = (values as { byteLength?: number } | undefined)?.byteLength ?? 0;
    sizes.set(dataId, bytes);
    live += bytes;
    peak = Math.max(peak, live);
  };
  const restore = [
    wrap("write", ([values], dataId) => track(dataId as object, values)),
    wrap("move", ([dataId, values]) => track(dataId as object, values)),
    wrap("disposeData", ([dataId], freed) => {
      if (freed && sizes.has(dataId as object)) live -= sizes.get(dataId as object)!;
      if (freed) sizes.delete(dataId as object);
    }),
  ];
  try {
    run();
  } finally {
    restore.forEach((undo) => undo());
  }
  return peak;
}

function denseNet() {
  return buildModel(tf, "densenet121", {
    width: 0.125,
    dropout: 0,
    input: { height: 32, width: 32, channels: 3 },
    classes: 3,
    seed: 1,
  }).model;
}

describe("the runtime's backward walk", () => {
  it("gives tfjs's own gradients to the bit, frees as it goes, and leaks nothing", () => {
    const model = denseNet();
    const x = tf.randomNormal([2, 32, 32, 3], 0, 1, "float32", 3);
    const labels = tf.oneHot(tf.tensor1d([0, 2], "int32"), 3);
    const loss = () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as Tensor);
    const weights = model.trainableWeights.map((w) => w.read());
    const run = (walk: Gradients) => {
      const before = tf.memory().numTensors;
      let values: number[][] = [];
      const peak = peakBytes(() => {
        const { value, grads } = walk(loss, weights);
        values = [value, ...grads].map((g) => Array.from(g.dataSync()));
        tf.dispose([value, ...grads]);
      });
      return { values, peak, leaked: tf.memory().numTensors - before };
    };
    const ours = run(eagerWalk);
    const theirs = run(tfjsWalk);
    expect(ours.values).toEqual(theirs.values);
    expect(ours.leaked).toBe(0);
    expect(theirs.leaked).toBe(0);
    // Measured: 2.0 MB against 5.3 MB.
    expect(ours.peak / theirs.peak).toBeLessThan(0.5);
    tf.dispose([x, labels]);
  });

  it("keeps the caller's dy and the gradients of intermediate xs", () => {
    const a = tf.tensor1d([1, 2, 3]);
    const dy = tf.tensor1d([1, 10, 100]);
    const b = tf.mul(a, a);
    const f = () => tf.sin(tf.add(tf.mul(b, a), b));
    const [ours, theirs] = [eagerWalk, tfjsWalk].map((walk) => walk(f, [a, b], dy));
    expect(ours!.grads.map((g) => Array.from(g.dataSync()))).toEqual(
      theirs!.grads.map((g) => Array.from(g.dataSync())),
    );
    expect(Array.from(dy.dataSync())).toEqual([1, 10, 100]);
    expect(Array.from(b.dataSync())).toEqual([1, 4, 9]);
  });

  it("leaves higher-order gradients to tfjs's walk", () => {
    const secondDerivative = tf.grad(tf.grad((x: Tensor) => tf.pow(x, tf.scalar(3))));
    expect(Array.from(secondDerivative(tf.tensor1d([1, 2])).dataSync())).toEqual([6, 12]);
  });

  it("says so when y does not depend on x, as tfjs does", () => {
    const x = tf.scalar(1);
    const y = tf.scalar(2);
    expect(() => eagerWalk(() => tf.mul(y, y), [x])).toThrow(
      "Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.",
    );
  });
});
