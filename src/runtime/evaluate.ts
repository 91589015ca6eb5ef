import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { PlanHop } from "../plan/types.js";
import type { Metrics } from "./events.js";
import type { RunFailure } from "../diagnostics/run-failure.js";
import { releaseInference } from "./forward/forward.js";
import { computeMetrics } from "./metrics.js";
import type { NetBatch } from "./prefix-cache.js";
import { predictBatch } from "./step.js";
import type { TfNamespace } from "./tf.js";

/**
 * Metrics of `net` over a split's batches, in inference mode. An output that is NaN or infinite
 * stops the run with `failure(value)`, as a NaN training loss does: inference mode reads the
 * batch-norm moving statistics, which can diverge while the training loss stays finite.
 */
export async function evaluate(
  tf: TfNamespace,
  net: LayersModel,
  batches: AsyncIterable<NetBatch>,
  hop: PlanHop,
  failure: (value: number) => RunFailure,
): Promise<Metrics> {
  const probs: Float32Array[] = [];
  const labels: Int32Array[] = [];
  try {
    for await (const b of batches) {
      const batch = await predictBatch(tf, net, b.inputs, b.shape);
      const bad = batch.find((p) => !Number.isFinite(p));
      if (bad !== undefined) throw failure(bad);
      probs.push(batch);
      labels.push(b.labels);
    }
  } finally {
    releaseInference(net);
  }
  return computeMetrics(concat(probs, Float32Array), concat(labels, Int32Array), hop.classes, hop.positive);
}

function concat<T extends Float32Array | Int32Array>(parts: T[], Kind: { new (n: number): T }): T {
  const out = new Kind(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p as never, offset);
    offset += p.length;
  }
  return out;
}
