import type { PlanRun } from "../../plan/types.js";
import type { EventSink } from "../events.js";
import { applyTrainable, type BuiltModel } from "../model-kit.js";
import type { StageRecord } from "../record-types.js";
import { readWeights, writeWeights } from "../snapshot.js";
import type { TfNamespace } from "../tf.js";
import { stageKey } from "./key.js";
import type { StageStore } from "./stage-store.js";

export interface StoredStageContext {
  tf: TfNamespace;
  store: StageStore;
  run: PlanRun;
  backend: string;
  sink: EventSink;
  interrupted: () => boolean;
  hop: number;
  stage: number;
  /** The data digest of this hop and those before it (`dataDigest`). */
  dataDigest: string;
  built: BuiltModel;
}

/**
 * One stage of a run through the store: its stored result when another run (or an earlier
 * invocation) trained it, loaded into the model and announced by a `stage:reused` event; else
 * trained by `train` and committed with the weights it kept. The record of a reused stage is
 * the trainer's, under this plan's stage name, with `reusedFrom` naming who trained it.
 */
export async function trainOrReuse(ctx: StoredStageContext, train: () => Promise<StageRecord>): Promise<StageRecord> {
  const { run, store, built } = ctx;
  const stage = run.hops[ctx.hop]!.stages[ctx.stage]!;
  const key = stageKey(stage.hash, run, ctx.hop, ctx.stage, ctx.dataDigest, ctx.backend);
  const obtained = await store.obtain(
    key,
    `training ${run.id} stage ${stage.name}`,
    async () => {
      const record = await train();
      const entry = { stageHash: stage.hash, runId: run.id, stage: stage.name, backend: ctx.backend, record };
      return { result: record, commit: () => store.commit(key, entry, readWeights(built.model)) };
    },
    ctx.interrupted,
  );
  if ("trained" in obtained) return obtained.trained;
  const { entry, weights } = obtained.reused;
  writeWeights(ctx.tf, built.model, weights);
  // Left as training it leaves them: the exported model lists its trainable weights first.
  applyTrainable(built, stage);
  const from = `${entry.runId}/${entry.stage}`;
  const record: StageRecord = { ...entry.record, name: stage.name, reusedFrom: from };
  ctx.sink({
    type: "stage:reused",
    time: Date.now(),
    runId: run.id,
    hop: ctx.hop,
    stage: ctx.stage,
    name: stage.name,
    from,
    key,
    epochsRun: record.epochs.length,
    best: record.best,
  });
  return record;
}
