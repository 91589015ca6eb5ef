import type { Worker } from "node:worker_threads";
import type { OptimizerState } from "../optimizer.js";
import type { NamedArray } from "../snapshot.js";
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
  private readonly workers: Worker[];
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
    this.workers = this.pending.map((_, rank) => {
      const backend = options.backend ?? "wasm";
      const init: ReplicaInit = { rank, size, backend, arch: options.arch, buildOptions: options.buildOptions, control: this.control, stats };
      return this.watch(spawnReplica(init), rank);
    });
    // Each replica answers id 0 once its model is built.
    this.started = Promise.all(this.workers.map((_, rank) => this.expect(rank, 0)));
  }

  /** Starts the replicas and gives them all replica 0's initial weights (equal anyway when seeded). */
  static async start(options: ParallelTrainerOptions & { workers: number }): Promise<ReplicaPool> {
    const pool = new ReplicaPool(options);
    try {
      await pool.started;
      const weights = (await pool.call(0, { type: "readWeights", which: "all" })) as NamedArray[];
      await Promise.all(pool.workers.slice(1).map((_, i) => pool.call(i + 1, { type: "setWeights", weights })));
    } catch (error) {
      await pool.dispose();
      throw error;
    }
    return pool;
  }

  get threads(): number {
    return this.workers.length;
  }

  async beginStage(setup: StageSetup): Promise<void> {
    const weights = setup.weights ?? (await this.readWeights());
    const [params] = (await this.broadcast(() => ({ type: "beginStage", setup: { ...setup, weights } }))) as number[];
    const buffer = new SharedArrayBuffer((this.workers.length + 1) * params! * 4);
    await this.broadcast(() => ({ type: "gradients", buffer }));
    this.resetEpoch();
  }

  async step(inputs: Float32Array, shape: number[], labels: Int32Array, lr: number, dropoutSeed = 0): Promise<void> {
    const n = shape[0]!;
    const values = shape.reduce((a, b) => a * b, 1);
    if (labels.length !== n || inputs.length !== values) {
      throw new RangeError(`a batch of shape [${shape.join(", ")}] needs ${n} labels and ${values} input values; got ${labels.length} and ${inputs.length}`);
    }
    const batch = this.batchBuffers(inputs.length, n);
    new Float32Array(batch.images, 0, inputs.length).set(inputs);
    new Int32Array(batch.labels, 0, n).set(labels);
    await this.broadcast(() => ({ type: "step", images: batch.images, labels: batch.labels, shape, lr, dropoutSeed }));
    for (let rank = 0; rank < this.workers.length; rank++) {
      this.lossSum += this.stats[2 * rank]!;
      this.correctSum += this.stats[2 * rank + 1]!;
    }
    this.seen += n;
  }

  running(): { loss: number; acc: number } {
    return this.seen === 0 ? { loss: 0, acc: 0 } : { loss: this.lossSum / this.seen, acc: this.correctSum / this.seen };
  }

  resetEpoch(): void {
    this.lossSum = 0;
    this.correctSum = 0;
    this.seen = 0;
  }

  async readWeights(): Promise<NamedArray[]> {
    const replies = (await this.broadcast((rank) => ({ type: "readWeights", which: rank === 0 ? "all" : "moving" }))) as NamedArray[][];
    return averageMovingStatistics(replies);
  }

  async optimizerState(): Promise<OptimizerState> {
    return (await this.call(0, { type: "optimizerState" })) as OptimizerState;
  }

  async dispose(): Promise<void> {
    this.fail(new Error("the parallel trainer was disposed"));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private broadcast(request: (rank: number) => Request): Promise<unknown[]> {
    return Promise.all(this.workers.map((_, rank) => this.call(rank, request(rank))));
  }

  private call(rank: number, request: Request): Promise<unknown> {
    const id = this.nextId++;
    const reply = this.expect(rank, id);
    if (!this.failure) this.workers[rank]!.postMessage({ ...request, id });
    return reply;
  }

  private expect(rank: number, id: number): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const pending = this.pending[rank]!;
    if (pending.size === 0 && id !== 0) this.workers[rank]!.ref();
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
    worker.on("exit", (code) => this.fail(new Error(`replica ${rank + 1} of ${this.workers.length} stopped (exit code ${code})`)));
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
    for (const worker of this.workers) void worker.terminate();
  }

  /** The shared batch buffers, grown when a batch needs more room. */
  private batchBuffers(values: number, n: number): { images: SharedArrayBuffer; labels: SharedArrayBuffer } {
    if (this.batch.images.byteLength < values * 4) this.batch.images = new SharedArrayBuffer(values * 4);
    if (this.batch.labels.byteLength < n * 4) this.batch.labels = new SharedArrayBuffer(n * 4);
    return this.batch;
  }
}

/** Replica 0's weights, with each moving statistic replaced by its mean over all replicas. */
function averageMovingStatistics([first, ...others]: NamedArray[][]): NamedArray[] {
  const moving = others.map((weights) => new Map(weights.map((w) => [w.name, w.values])));
  return first!.map((w) => {
    if (!isMovingStatistic(w.name) || moving.length === 0) return w;
    const values = Float32Array.from(w.values, (v, i) => moving.reduce((sum, m) => sum + m.get(w.name)![i]!, v) / (moving.length + 1));
    return { ...w, values };
  });
}
