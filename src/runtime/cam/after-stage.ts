import type { PlanRun } from "../../plan/types.js";
import type { HopData } from "../data-source.js";
import type { EventSink } from "../events.js";
import type { BuiltModel } from "../model-kit.js";
import type { StageRecord } from "../record-types.js";
import type { TfNamespace } from "../tf.js";
import { safeName, stageMaps } from "./stage-maps.js";
import { uniqueStems } from "./write-maps.js";

/** How many validation images to map after every stage: `--cam N` wins over the plan's `cam N`. */
export function camImages(run: PlanRun, option: number | undefined): number {
  return option ?? run.cam ?? 0;
}

/**
 * After a stage: its maps under `RUN/cam/HOP/STAGE/`, recorded in the stage's record and
 * announced with a `cam:saved` event. The hop's folder is its domain's name (with `-2` for a
 * domain met again in the chain).
 */
export async function mapsAfterStage(
  context: { tf: TfNamespace; run: PlanRun; runDir: string; sink: EventSink; count: number },
  built: BuiltModel,
  data: HopData,
  h: number,
  s: number,
  record: StageRecord,
): Promise<void> {
  const { run } = context;
  const hop = run.hops[h]!;
  const hopDir = safeName(uniqueStems(run.hops.map((x) => x.domain))[h]!);
  const cam = await stageMaps({
    tf: context.tf,
    runId: run.id,
    runDir: context.runDir,
    model: built.model,
    layers: built.layers,
    groups: run.architecture.groups,
    hop,
    hopDir,
    stage: hop.stages[s]!.name,
    data,
    count: context.count,
  });
  if (!cam) return;
  record.cam = cam;
  const dir = `${context.runDir}/${cam.dir}`;
  context.sink({
    type: "cam:saved",
    time: Date.now(),
    runId: run.id,
    hop: h,
    stage: s,
    dir,
    images: cam.images,
    labels: cam.layers.map((l) => l.label).concat(cam.layers.length > 1 ? ["fused"] : []),
  });
}
