import { join, resolve } from "node:path";
import { hashInts } from "../data/random.js";
import type { PlanRun } from "../plan/types.js";
import type { ParallelTrainer } from "./parallel/index.js";
import { readCheckpoint, writeCheckpoint, type CheckpointData, type CheckpointState } from "./checkpoint.js";
import { splitSizes, type HopData, type HopDataLoader } from "./data-source.js";
import { evaluate } from "./evaluate.js";
import type { EventSink, Metrics } from "./events.js";
import { RunFailure, runErrorText } from "../diagnostics/run-failure.js";
import { Interrupted } from "./failure.js";
import { batchNormModes, type BuiltModel, type ModelFactory } from "./model-kit.js";
import { exportLayersModel } from "./export.js";
import { runModelMetadata, writeModelMetadata } from "./inference/model-metadata.js";
import { imageBatches } from "./prefix-cache.js";
import type { RunRecord } from "./record.js";
import type { RunMetrics } from "./record-types.js";
import { readWeights, writeWeights } from "./snapshot.js";
import { epochKey, runStage, stageOutline, type StageContext } from "./stage.js";
import { dataDigest } from "./store/key.js";
import { trainOrReuse } from "./store/reuse.js";
import type { StageStore } from "./store/stage-store.js";
import type { TfNamespace } from "./tf.js";
import { applyNamedWeights } from "./weights/apply.js";
import { importedWeightsPath } from "../weights/import/cache.js";
import { loadWeights } from "./weights/load-weights.js";
import { camImages, mapsAfterStage } from "./cam/after-stage.js";

/** What every run of a plan is trained with: `executePlan`'s options pass these on unchanged. */
export interface ChainEnvironment {
  tf: TfNamespace;
  /** The folder the plan's relative paths (weights, data) are relative to. */
  baseDir: string;
  /** Where cached frozen-prefix features are spilled during a stage (the OS temp folder if absent). */
  cacheDir?: string;
  sink: EventSink;
  loadData: HopDataLoader;
  buildModel: ModelFactory;
  /** Whether Ctrl-C asked to stop (checked after every batch). */
  interrupted: () => boolean;
  /** Starts data-parallel replicas of a hop's model (`--workers N`); absent to train in this thread. */
  replicas?: ReplicaFactory;
  /** LayerCAM maps of this many validation images after every stage (`--cam N`; else the plan's `cam`). */
  cam?: number;
  /** The shared stage store: stages found there are reused, stages trained are added (absent: none). */
  store?: StageStore;
}

export interface ChainContext extends ChainEnvironment {
  run: PlanRun;
  record: RunRecord;
  backend: string;
  /** Continue this run from its checkpoint. */
  resume: boolean;
}

export type ReplicaFactory = (run: PlanRun, classes: number) => Promise<ParallelTrainer>;

/**
 * Trains one run: its chain hop by hop, each hop's stages in order (spec section 5), writing the
 * record as it goes. Returns the last hop's test metrics. Resuming continues after the last
 * complete epoch of the checkpoint, after checking that the plan still describes it.
 */
export async function runChain(ctx: ChainContext): Promise<Metrics | null> {
  const { tf, run, record, sink } = ctx;
  const saved = ctx.resume ? readCheckpoint(record.dir, run.id) : null;
  if (saved) checkResumable(run, saved.state);
  const progress: RunMetrics = saved?.state.progress ?? {
    runId: run.id,
    status: "running",
    backend: ctx.backend,
    hops: [],
    test: null,
    error: null,
  };
  progress.status = "running";
  let built: BuiltModel | null = null;
  let replicas: ParallelTrainer | null = null;
  const startHop = saved?.state.hop ?? 0;
  const cam = camImages(run, ctx.cam);
  let digest = ctx.store ? await digestBefore(ctx, startHop) : "";
  try {
    for (let h = startHop; h < run.hops.length; h++) {
      const hop = run.hops[h]!;
      const data = await ctx.loadData(run.id, h);
      record.writeSplits(data);
      if (ctx.store) digest = dataDigest(digest, data);
      const resumeHere = saved && h === startHop ? saved : null;
      const previous: BuiltModel | null = built;
      built = resumeHere ? await restoredModel(ctx, h, resumeHere.data) : await modelForHop(ctx, h, built);
      if (ctx.replicas && built !== previous) {
        await replicas?.dispose();
        replicas = await ctx.replicas(run, hop.classes.length);
      }
      progress.hops[h] ??= { domain: hop.domain, classes: hop.classes, stages: [], test: null };
      const { classes, head } = hop;
      const stages = hop.stages.map(stageOutline);
      sink({
        type: "hop:start",
        time: Date.now(),
        runId: run.id,
        hop: h,
        domain: hop.domain,
        classes,
        head,
        sizes: splitSizes(data),
        stages,
      });
      const firstStage = resumeHere ? resumeHere.state.stage + (resumeHere.state.stageDone ? 1 : 0) : 0;
      for (let s = firstStage; s < hop.stages.length; s++) {
        const resumeStage =
          resumeHere && !resumeHere.state.stageDone && s === resumeHere.state.stage ? resumeHere : null;
        const train = () => runStage(stageContext(ctx, h, s, built!, replicas, data, progress, resumeStage));
        const { store } = ctx;
        progress.hops[h]!.stages[s] = store
          ? await trainOrReuse({ ...ctx, store, hop: h, stage: s, dataDigest: digest, built }, train)
          : await train();
        if (cam > 0) {
          await mapsAfterStage(
            { tf, run, runDir: record.dir, sink, count: cam },
            built,
            data,
            h,
            s,
            progress.hops[h]!.stages[s]!,
          );
          record.writeMetrics(progress);
        }
      }
      const test = data.files.test.length > 0 ? await testMetrics(ctx, built, data, h) : null;
      progress.hops[h]!.test = test;
      progress.test = test;
      record.writeMetrics(progress);
      sink({ type: "hop:end", time: Date.now(), runId: run.id, hop: h, domain: hop.domain, test });
    }
    await exportLayersModel(tf, built!.model, record.modelDir);
    writeModelMetadata(record.modelDir, runModelMetadata(run));
    progress.status = "done";
    record.writeMetrics(progress);
    return progress.test;
  } catch (error) {
    progress.status = error instanceof Interrupted ? "interrupted" : "failed";
    progress.error = error instanceof Interrupted ? null : runErrorText(error);
    record.writeMetrics(progress);
    throw error;
  } finally {
    await replicas?.dispose();
    built?.model.dispose();
  }
}

/** The data digest of the hops before `hop` (a resumed run starts there). */
async function digestBefore(ctx: ChainContext, hop: number): Promise<string> {
  let digest = "";
  for (let h = 0; h < hop; h++) digest = dataDigest(digest, await ctx.loadData(ctx.run.id, h));
  return digest;
}

function stageContext(
  ctx: ChainContext,
  h: number,
  s: number,
  built: BuiltModel,
  replicas: ParallelTrainer | null,
  data: HopData,
  progress: RunMetrics,
  saved: { state: CheckpointState; data: CheckpointData } | null,
): StageContext {
  const { run, tf } = ctx;
  const hop = run.hops[h]!;
  const stage = hop.stages[s]!;
  return {
    tf,
    run,
    hop,
    hopIndex: h,
    stageIndex: s,
    stage,
    built,
    replicas,
    data,
    cacheDir: ctx.cacheDir ?? null,
    sink: ctx.sink,
    interrupted: ctx.interrupted,
    resume: saved
      ? {
          epochs: saved.state.progress.hops[h]!.stages[s]!.epochs,
          monitor: saved.state.monitor,
          optimizer: saved.data.optimizer,
          best: saved.data.best,
          partial: saved.state.partial ?? null,
        }
      : null,
    checkpoint(at, optimizer, best) {
      progress.hops[h]!.stages[s] = at.record;
      const state = {
        format: 1 as const,
        runId: run.id,
        hop: h,
        stage: s,
        stageName: stage.name,
        stageHash: stage.hash,
        epoch: at.record.epochs.length,
        stageDone: at.record.done,
        partial: at.partial,
        trainableGroups: stage.trainable,
        partialLayers: stage.partial.flatMap((p) => p.layers),
        bnModes: batchNormModes(stage, run.architecture.groups),
        monitor: at.monitor,
        rng: { seed: run.seed, epochKey: epochKey(h, s, at.record.epochs.length) },
        progress,
      };
      // Frozen layers cannot change during the stage (batch norm there runs in inference mode).
      const changing = new Set(
        built.model.layers.filter((l) => l.trainable).flatMap((l) => l.weights.map((w) => w.originalName)),
      );
      const unchanging = { key: `h${h}-s${s}`, arrays: () => readWeights(built.model, (name) => !changing.has(name)) };
      writeCheckpoint(ctx.record.dir, state, {
        weights: readWeights(built.model, (name) => changing.has(name)),
        unchanging,
        best,
        optimizer,
      });
      ctx.record.writeMetrics(progress);
    },
  };
}

/**
 * Resume re-derives what the checkpointed stage trains from the plan and refuses when it differs
 * from what the checkpoint recorded (the pain of resumes that silently re-freeze).
 */
function checkResumable(run: PlanRun, state: CheckpointState): void {
  const stage = run.hops[state.hop]?.stages[state.stage];
  const where = { run: run.id, hop: state.hop + 1, stage: state.stageName, epoch: state.epoch };
  if (state.runId !== run.id || !stage || stage.hash !== state.stageHash) throw new RunFailure("THTL4005", where);
  const modes = batchNormModes(stage, run.architecture.groups);
  const same =
    stage.trainable.join(",") === state.trainableGroups.join(",") &&
    stage.partial.flatMap((p) => p.layers).join(",") === state.partialLayers.join(",") &&
    JSON.stringify(modes) === JSON.stringify(state.bnModes);
  if (!same) {
    const describe = (m: Record<string, string>) =>
      Object.entries(m)
        .map(([g, mode]) => `${g} ${mode}`)
        .join(", ");
    throw new RunFailure("THTL4006", {
      ...where,
      saved: state.trainableGroups.join(", "),
      savedModes: describe(state.bnModes),
      planned: stage.trainable.join(", "),
      plannedModes: describe(modes),
    });
  }
}

async function restoredModel(ctx: ChainContext, h: number, data: CheckpointData): Promise<BuiltModel> {
  const built = await ctx.buildModel(ctx.run, ctx.run.hops[h]!.classes.length, hashInts(ctx.run.seed, h));
  writeWeights(ctx.tf, built.model, data.weights);
  return built;
}

/** The model a hop starts from: the run's initial model, a new classifier, or the previous model. */
async function modelForHop(ctx: ChainContext, h: number, previous: BuiltModel | null): Promise<BuiltModel> {
  const { run, tf } = ctx;
  const hop = run.hops[h]!;
  if (previous && hop.head === "kept") return previous;
  const built = await ctx.buildModel(run, hop.classes.length, h === 0 ? run.seed : hashInts(run.seed, h));
  const head = new Set(built.layers.filter((l) => l.group === "head").map((l) => l.name));
  if (previous) {
    applyNamedWeights(tf, built.model, readWeights(previous.model), "the previous hop", head);
    previous.model.dispose();
  } else if (run.init.kind === "weights") {
    const cacheDir = ctx.cacheDir ?? join(ctx.baseDir, ".cache", "thtl");
    const path = await importedWeightsPath(resolve(ctx.baseDir, run.init.path), run.architecture, cacheDir);
    const report = loadWeights(tf, built, path, hop.head === "new" ? head : new Set());
    ctx.sink({ type: "weights:loaded", time: Date.now(), runId: run.id, domain: run.init.domain, ...report });
  }
  return built;
}

async function testMetrics(ctx: ChainContext, built: BuiltModel, data: HopData, h: number): Promise<Metrics> {
  const hop = ctx.run.hops[h]!;
  const batchSize = hop.stages.at(-1)!.batch;
  const where = { when: `after stage '${hop.stages.at(-1)!.name}'`, hop: h + 1, domain: hop.domain, run: ctx.run.id };
  const failure = (value: number) => new RunFailure("THTL4007", { split: "test", value, ...where });
  return evaluate(
    ctx.tf,
    built.model,
    imageBatches(data, "test", { batchSize, shuffle: false, epoch: 0, augment: false }),
    hop,
    failure,
  );
}
