import { hashInts } from "../data/random.js";
import type { PlanHop, PlanRun, PlanStage } from "../plan/types.js";
import type { HopData } from "./data-source.js";
import { newMonitor, observe, shouldStop, type MonitorState } from "./early-stop.js";
import type { EventSink, StageOutline } from "./events.js";
import { RunFailure } from "../diagnostics/run-failure.js";
import { Interrupted } from "./failure.js";
import { learningRate } from "./lr-schedule.js";
import { monitoredValue } from "./metrics.js";
import { applyTrainable, type BuiltModel } from "./model-kit.js";
import { StageOptimizer, type OptimizerState } from "./optimizer.js";
import { prepareInputs, type StageInputs } from "./prefix-cache.js";
import type { EpochRecord, StageRecord } from "./record-types.js";
import { readWeights, writeWeights } from "./snapshot.js";
import type { NamedArray } from "../weights/types.js";
import { evaluate } from "./evaluate.js";
import { localTrainer, parallelTrainer, type StageTrainer } from "./stage-trainer.js";
import type { ParallelTrainer } from "./parallel/index.js";
import type { RunningSums } from "./step.js";
import type { TfNamespace } from "./tf.js";
import { trainableVariables } from "./trainable-vars.js";

export interface StageContext {
  tf: TfNamespace;
  run: PlanRun;
  hop: PlanHop;
  hopIndex: number;
  stageIndex: number;
  stage: PlanStage;
  built: BuiltModel;
  data: HopData;
  /** Where cached frozen-prefix features are spilled (the OS temp folder if null). */
  cacheDir: string | null;
  sink: EventSink;
  /** Data-parallel replicas of this hop's model (`--workers N`), or null to train in this thread. */
  replicas: ParallelTrainer | null;
  /** Whether Ctrl-C asked to stop; checked after every batch. */
  interrupted: () => boolean;
  /** Writes the checkpoint at the end of an epoch, of the stage (`record.done`), or on Ctrl-C (`partial`). */
  checkpoint: (at: StageProgress, optimizer: OptimizerState | null, best: NamedArray[] | null) => void;
  /** Where a resumed stage continues. */
  resume: {
    epochs: EpochRecord[];
    monitor: MonitorState;
    optimizer: OptimizerState | null;
    best: NamedArray[] | null;
    partial: PartialEpoch | null;
  } | null;
}

export interface StageProgress {
  record: StageRecord;
  monitor: MonitorState;
  /** Set when interrupted inside an epoch: the batches done and the running sums. */
  partial: PartialEpoch | null;
}

/** An epoch stopped by Ctrl-C after `batches` batches; `--resume` continues with the next one. */
export interface PartialEpoch {
  batches: number;
  running: RunningSums;
}

/** The key of one epoch's shuffle, augmentation and dropout masks: unique per (hop, stage, epoch). */
export function epochKey(hop: number, stage: number, epoch: number): number {
  return hop * 1_000_000 + stage * 10_000 + epoch;
}

/** Interval between `batch:end` events (each reads two scalars from the device). */
const BATCH_EVENT_MS = 100;

/**
 * Trains one stage (spec section 5): the trainable set applied layer by layer and checked
 * against the plan, a fresh optimizer, epochs with validation, early stopping, and `keep`.
 */
export async function runStage(ctx: StageContext): Promise<StageRecord> {
  const { stage, sink } = ctx;
  const ref = { runId: ctx.run.id, hop: ctx.hopIndex, stage: ctx.stageIndex };
  // The stage's time includes its set-up: running a frozen prefix once is part of what it costs.
  const started = Date.now();
  const { inputs, trainer } = await setUpStage(ctx);
  const monitor = ctx.resume?.monitor ?? newMonitor(stage.earlyStop);
  const resumedEpoch = ctx.resume ? ctx.resume.epochs.length + 1 : null;
  const record: StageRecord = {
    name: stage.name,
    hash: stage.hash,
    epochs: ctx.resume ? [...ctx.resume.epochs] : [],
    done: false,
    stoppedEarly: false,
    best: null,
    kept: stage.keep,
    cachedPrefix: inputs.cached,
  };
  const batchesPerEpoch = Math.ceil(ctx.data.files.train.length / stage.batch);
  sink({
    type: "stage:start",
    time: Date.now(),
    ...ref,
    ...stageOutline(stage),
    batchesPerEpoch,
    cachedPrefix: inputs.cached,
    reusedPrefix: inputs.reused,
    resumedAtEpoch: resumedEpoch,
  });
  let best = ctx.resume?.best ?? null;
  const save = async (partial: PartialEpoch | null) => {
    await trainer.sync();
    ctx.checkpoint({ record, monitor, partial }, await trainer.optimizerState(), stage.keep === "best" ? best : null);
  };
  try {
    while (record.epochs.length < stage.epochs && !(record.epochs.length > 0 && shouldStop(monitor))) {
      const epoch = record.epochs.length + 1;
      const partial = epoch === resumedEpoch ? (ctx.resume?.partial ?? null) : null;
      const { durationMs, ...result } = await runEpoch(ctx, inputs, trainer, epoch, ref, partial, (batches) =>
        save({ batches, running: trainer.sums() }),
      );
      const isBest = observe(monitor, result.val, epoch);
      if (isBest && stage.keep === "best") best = readWeights(ctx.built.model);
      record.epochs.push(result);
      const { loss, acc, val } = result;
      sink({
        type: "epoch:end",
        time: Date.now(),
        ...ref,
        epoch,
        epochs: stage.epochs,
        loss,
        acc,
        val,
        durationMs,
        best: isBest,
      });
      await save(null);
    }
    finishStage(ctx, record, monitor, best);
  } finally {
    trainer.dispose();
    inputs.dispose();
  }
  const end = {
    epochsRun: record.epochs.length,
    stoppedEarly: record.stoppedEarly,
    best: record.best!,
    kept: stage.keep,
  };
  sink({ type: "stage:end", time: Date.now(), ...ref, ...end, durationMs: Date.now() - started });
  return record;
}

/** The trainable set (checked against the plan), a fresh or restored optimizer, and the inputs. */
async function setUpStage(ctx: StageContext) {
  const { tf, stage, built } = ctx;
  const trainable = applyTrainable(built, stage);
  if (trainable !== stage.trainableParams) {
    throw new RunFailure("THTL4003", {
      stage: stage.name,
      run: ctx.run.id,
      actual: trainable,
      planned: stage.trainableParams,
    });
  }
  const inputs = await prepareInputs(tf, built, ctx.data, stage, ctx.hop.augment.length > 0, ctx.cacheDir);
  const restored = ctx.resume?.optimizer ?? null;
  if (ctx.replicas) {
    const prefixGroups = inputs.cached ? stage.frozenPrefix.groups : null;
    const setup = { stage, weights: readWeights(built.model), optimizer: restored, prefixGroups };
    return { inputs, trainer: await parallelTrainer(tf, built.model, ctx.replicas, setup) };
  }
  const vars = trainableVariables(built, stage);
  const optimizer = new StageOptimizer(tf, stage.optimizer, vars, stage.weightDecay);
  if (restored) optimizer.restore(restored);
  return { inputs, trainer: localTrainer(tf, inputs.net, vars, optimizer, ctx.hop.classes.length) };
}

/** `keep best` restores the best epoch's weights; the stage-end checkpoint records what was kept. */
function finishStage(ctx: StageContext, record: StageRecord, monitor: MonitorState, best: NamedArray[] | null): void {
  const { stage } = ctx;
  record.stoppedEarly = record.epochs.length < stage.epochs;
  if (stage.keep === "best" && best) writeWeights(ctx.tf, ctx.built.model, best);
  const keptEpoch = stage.keep === "best" && monitor.best ? monitor.best.epoch : record.epochs.length;
  record.best = { metric: monitor.metric, value: monitorValueAt(monitor, record, keptEpoch), epoch: keptEpoch };
  record.done = true;
  ctx.checkpoint({ record, monitor, partial: null }, null, null);
}

type EpochResult = EpochRecord & { durationMs: number };

async function runEpoch(
  ctx: StageContext,
  inputs: StageInputs,
  trainer: StageTrainer,
  epoch: number,
  ref: { runId: string; hop: number; stage: number },
  resumeAt: PartialEpoch | null,
  saveInterrupted: (batches: number) => Promise<void>,
): Promise<EpochResult> {
  const { stage, sink } = ctx;
  const lr = learningRate(stage.lr, stage.lrDecay, epoch - 1, stage.epochs);
  const key = epochKey(ctx.hopIndex, ctx.stageIndex, epoch);
  const batches = Math.ceil(ctx.data.files.train.length / stage.batch);
  const started = Date.now();
  sink({ type: "epoch:start", time: started, ...ref, epoch, epochs: stage.epochs });
  trainer.resetEpoch(resumeAt?.running);
  let batch = 0;
  let afterFirst = 0;
  let imagesAfterFirst = 0;
  let lastEvent = 0;
  for await (const b of inputs.train({ batchSize: stage.batch, shuffle: true, epoch: key, augment: true })) {
    // A resumed epoch replays the same order and skips the batches trained before Ctrl-C.
    if (resumeAt && batch < resumeAt.batches) {
      batch += 1;
      continue;
    }
    await trainer.step(b.inputs, b.shape, b.labels, lr, hashInts(ctx.run.seed, key, batch));
    batch += 1;
    if (batch === 1) afterFirst = Date.now();
    else imagesAfterFirst += b.labels.length;
    const now = Date.now();
    if (now - lastEvent >= BATCH_EVENT_MS || batch === batches) {
      lastEvent = now;
      const running = trainer.running();
      const seconds = (now - afterFirst) / 1000;
      sink({
        type: "batch:end",
        time: now,
        ...ref,
        epoch,
        batch,
        batches,
        ...running,
        imagesPerSec: seconds > 0 ? imagesAfterFirst / seconds : 0,
      });
    }
    if (ctx.interrupted() && batch < batches) {
      await saveInterrupted(batch);
      throw new Interrupted();
    }
  }
  const { loss, acc } = trainer.running();
  if (!Number.isFinite(loss)) {
    const where = { stage: stage.name, hop: ctx.hopIndex + 1, domain: ctx.hop.domain, run: ctx.run.id };
    throw new RunFailure("THTL4004", { value: loss, epoch, lr, ...where });
  }
  await trainer.sync();
  const where = {
    when: `in epoch ${epoch} of stage '${stage.name}'`,
    hop: ctx.hopIndex + 1,
    domain: ctx.hop.domain,
    run: ctx.run.id,
  };
  const failure = (value: number) => new RunFailure("THTL4007", { split: "validation", value, ...where });
  const val = await evaluate(
    ctx.tf,
    inputs.evalNet,
    inputs.val({ batchSize: stage.batch, shuffle: false, epoch: 0, augment: false }),
    ctx.hop,
    failure,
  );
  return { epoch, lr, loss, acc, val, durationMs: Date.now() - started };
}

function monitorValueAt(monitor: MonitorState, record: StageRecord, epoch: number): number {
  const val = record.epochs[epoch - 1]?.val;
  return val ? monitoredValue(monitor.metric, val).value : Number.NaN;
}

export function stageOutline(stage: PlanStage): StageOutline {
  return {
    name: stage.name,
    trainable: stage.trainable,
    trainableParams: stage.trainableParams,
    totalParams: stage.totalParams,
    epochs: stage.epochs,
    lr: stage.lr,
    batch: stage.batch,
  };
}
