import type { Worker } from "node:worker_threads";
import type { OptimizerState } from "../optimizer.js";
import type { NamedArray } from "../../weights/types.js";
import type { RunningSums } from "../step.js";
import type { ReplicaInit, Reply, Request } from "./protocol.js";
import { abortBarrier, CONTROL_SLOTS } from "./shared-memory.js";
import { spawnReplica } from "./spawn.js";
import { isMovingStatistic } from "./stage-setup.js";
import type { ParallelTrainer, ParallelTrainerOptions, StageSetup } from "./types.js";

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/**
 * The main thread's side of data-parallel training: replica threads, the shared buffers, and
 * request/reply messages. The first error of any replica (a thrown error, a crash, an exit)
 * stops every replica and rejects what is pending and everything after with that error.
 * Threads are unreferenced while idle, so a forgotten `dispose` never keeps Node running.
 */
export class ReplicaPool implements ParallelTrainer {
  private readonly threads: Worker[];
  private readonly pending: Map<number, Pending>[];
  private readonly started: Promise<unknown>;
  private nextId = 1;
  private failure: Error | null = null;
  private readonly control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
  private readonly stats: Float64Array;
  private batch = { images: new SharedArrayBuffer(0), labels: new SharedArrayBuffer(0) };
  private lossSum = 0;
  private correctSum = 0;
  private seen = 0;

  private constructor(options: ParallelTrainerOptions & { workers: number }) {
    const size = options.workers;
    const stats = new SharedArrayBuffer(size * 2 * 8);
    this.stats = new Float64Array(stats);
    this.pending = Array.from({ length: size }, () => new Map());
    this.threads = this.pending.map((_, rank) => {
      const backend = options.backend ?? "wasm";
      const init: ReplicaInit = {
        rank,
        size,
        backend,
        arch: options.arch,
        buildOptions: options.buildOptions,
        control: this.control,
        stats,
      };
      return this.watch(spawnReplica(init), rank);
    });
    // Each replica answers id 0 once its model is built.
    this.started = Promise.all(this.threads.map((_, rank) => this.expect(rank, 0)));
  }

  /** Starts the replicas and gives them all replica 0's initial weights (equal anyway when seeded). */
  static async start(options: ParallelTrainerOptions & { workers: number }): Promise<ReplicaPool> {
    const pool = new ReplicaPool(options);
    try {
      await pool.started;
      const weights = (await pool.call(0, { type: "readWeights", which: "all" })) as NamedArray[];
      await Promise.all(pool.threads.slice(1).map((_, i) => pool.call(i + 1, { type: "setWeights", weights })));
    } catch (error) {
      await pool.dispose();
      throw error;
    }
    return pool;
  }

  get workers(): number {
    return this.threads.length;
  }

  async beginStage(setup: StageSetup): Promise<void> {
    const weights = setup.weights ?? (await this.readWeights());
    const [params] = (await this.broadcast(() => ({ type: "beginStage", setup: { ...setup, weights } }))) as number[];
    const buffer = new SharedArrayBuffer((this.threads.length + 1) * params! * 4);
    await this.broadcast(() => ({ type: "gradients", buffer }));
    this.resetEpoch();
  }

  async step(inputs: Float32Array, shape: number[], labels: Int32Array, lr: number, dropoutSeed = 0): Promise<void> {
    const n = shape[0]!;
    checkBatch(inputs, shape, labels);
    const batch = this.batchBuffers(inputs.length, n);
    new Float32Array(batch.images, 0, inputs.length).set(inputs);
    new Int32Array(batch.labels, 0, n).set(labels);
    await this.broadcast(() => ({ type: "step", images: batch.images, labels: batch.labels, shape, lr, dropoutSeed }));
    for (let rank = 0; rank < this.threads.length; rank++) {
      this.lossSum += this.stats[2 * rank]!;
      this.correctSum += this.stats[2 * rank + 1]!;
    }
    this.seen += n;
  }

  running(): { loss: number; acc: number } {
    return this.seen === 0 ? { loss: 0, acc: 0 } : { loss: this.lossSum / this.seen, acc: this.correctSum / this.seen };
  }

  sums(): RunningSums {
    return { loss: this.lossSum, correct: this.correctSum, seen: this.seen };
  }

  resetEpoch(from?: RunningSums): void {
    this.lossSum = from?.loss ?? 0;
    this.correctSum = from?.correct ?? 0;
    this.seen = from?.seen ?? 0;
  }

  async predict(inputs: Float32Array, shape: number[]): Promise<Float32Array> {
    checkBatch(inputs, shape, null);
    const images = this.batchBuffers(inputs.length, 0).images;
    new Float32Array(images, 0, inputs.length).set(inputs);
    const shards = (await this.broadcast(() => ({ type: "predict", images, shape }))) as Float32Array[];
    const probs = new Float32Array(shards.reduce((sum, s) => sum + s.length, 0));
    let offset = 0;
    for (const shard of shards) {
      probs.set(shard, offset);
      offset += shard.length;
    }
    return probs;
  }

  async readWeights(): Promise<NamedArray[]> {
    const replies = (await this.broadcast((rank) => ({
      type: "readWeights",
      which: rank === 0 ? "all" : "moving",
    }))) as NamedArray[][];
    return averageMovingStatistics(replies);
  }

  async optimizerState(): Promise<OptimizerState> {
    return (await this.call(0, { type: "optimizerState" })) as OptimizerState;
  }

  async dispose(): Promise<void> {
    this.fail(new Error("the parallel trainer was disposed"));
    await Promise.all(this.threads.map((worker) => worker.terminate()));
  }

  private broadcast(request: (rank: number) => Request): Promise<unknown[]> {
    return Promise.all(this.threads.map((_, rank) => this.call(rank, request(rank))));
  }

  private call(rank: number, request: Request): Promise<unknown> {
    const id = this.nextId++;
    const reply = this.expect(rank, id);
    if (!this.failure) this.threads[rank]!.postMessage({ ...request, id });
    return reply;
  }

  private expect(rank: number, id: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const pending = this.pending[rank]!;
    if (pending.size === 0 && id !== 0) this.threads[rank]!.ref();
    return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
  }

  private watch(worker: Worker, rank: number): Worker {
    worker.on("message", (reply: Reply) => {
      const pending = this.pending[rank]!;
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) worker.unref();
      if (!reply.ok) this.fail(new Error(reply.message));
      else waiting?.resolve(reply.result);
    });
    worker.on("error", (error) => this.fail(error));
    worker.on("exit", (code) =>
      this.fail(new Error(`replica ${rank + 1} of ${this.threads.length} stopped (exit code ${code})`)),
    );
    return worker;
  }

  /** Keeps the first error, releases replicas waiting at the barrier, rejects everything pending, stops all threads. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    abortBarrier(new Int32Array(this.control));
    for (const pending of this.pending) {
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    }
    for (const worker of this.threads) void worker.terminate();
  }

  /** The shared batch buffers, grown when a batch needs more room. */
  private batchBuffers(values: number, n: number): { images: SharedArrayBuffer; labels: SharedArrayBuffer } {
    if (this.batch.images.byteLength < values * 4) this.batch.images = new SharedArrayBuffer(values * 4);
    if (this.batch.labels.byteLength < n * 4) this.batch.labels = new SharedArrayBuffer(n * 4);
    return this.batch;
  }
}

/** Refuses a batch whose inputs or labels do not fit its shape here, rather than in every replica. */
function checkBatch(inputs: Float32Array, shape: number[], labels: Int32Array | null): void {
  const values = shape.reduce((a, b) => a * b, 1);
  if (inputs.length !== values || (labels && labels.length !== shape[0])) {
    const labelCount = labels ? ` and ${shape[0]} labels` : "";
    const got = labels ? ` and ${labels.length}` : "";
    throw new RangeError(
      `a batch of shape [${shape.join(", ")}] needs ${values} input values${labelCount}; got ${inputs.length}${got}`,
    );
  }
}

/** Replica 0's weights, with each moving statistic replaced by its mean over all replicas. */
function averageMovingStatistics([first, ...others]: NamedArray[][]): NamedArray[] {
  const moving = others.map((weights) => new Map(weights.map((w) => [w.name, w.values])));
  return first!.map((w) => {
    if (!isMovingStatistic(w.name) || moving.length === 0) return w;
    const values = Float32Array.from(
      w.values,
      (v, i) => moving.reduce((sum, m) => sum + m.get(w.name)![i]!, v) / (moving.length + 1),
    );
    return { ...w, values };
  });
}
