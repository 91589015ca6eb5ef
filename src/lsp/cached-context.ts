import type { ResolvedSchedule } from "../check/experiments.js";
import { CheckContext } from "../check/index.js";
import { layoutKey, type ResolvedModel } from "../check/models.js";
import type { StageTrace } from "../check/trainable.js";

/**
 * Traces by schedule node and layout, across versions of a file. A declaration the last edit did
 * not touch keeps its tree (see `IncrementalParser`), and a trace depends only on that tree and
 * the model's layout, so it is reused; the trees of edited declarations are new objects and miss.
 */
const traces = new WeakMap<ResolvedSchedule["node"], Map<string, StageTrace[]>>();

/** The checker's context, with traces that outlive one check. */
export class CachedContext extends CheckContext {
  override trace(schedule: ResolvedSchedule, model: ResolvedModel): StageTrace[] {
    let byLayout = traces.get(schedule.node);
    if (!byLayout) traces.set(schedule.node, (byLayout = new Map()));
    let trace = byLayout.get(layoutKey(model));
    if (!trace) byLayout.set(layoutKey(model), (trace = super.trace(schedule, model)));
    return trace;
  }
}
