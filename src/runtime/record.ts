import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Plan, PlanRun } from "../plan/types.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { checkpointDir } from "./checkpoint.js";
import type { HopData } from "./data-source.js";
import type { RunEvent } from "./events.js";
import type { RunMetrics } from "./record-types.js";

/**
 * A run's folder, `OUT/EXPERIMENT/MODEL/seedN/`:
 * - `plan.json`: the plan with this run only;
 * - `events.jsonl`: the run's events, one JSON object a line (`batch:end` left out: the UI's
 *   progress, not a record);
 * - `metrics.json`: per hop test metrics, per stage per epoch validation metrics;
 * - `splits/DOMAIN.json`: the files of each split, with labels;
 * - `checkpoint/`: the latest checkpoint (see `checkpoint.ts`);
 * - `model/`: the final model as a TensorFlow.js layers-model folder (`model.json`, `weights.bin`),
 *   usable as a weights domain by a later chain.
 * Every file is written with `writeFileAtomic`.
 */
export class RunRecord {
  readonly dir: string;
  private events: string[] = [];

  constructor(
    outDir: string,
    readonly run: PlanRun,
  ) {
    this.dir = join(outDir, ...run.id.split("/"));
  }

  get modelDir(): string {
    return join(this.dir, "model");
  }

  /** The finished record of this exact run (every stage hash equal), if there is one. */
  finished(): RunMetrics | null {
    const metrics = this.readMetrics();
    if (metrics?.status !== "done" || !existsSync(join(this.dir, "plan.json"))) return null;
    const plan = JSON.parse(readFileSync(join(this.dir, "plan.json"), "utf8")) as Plan;
    return plan.runs[0] && sameStages(plan.runs[0], this.run) ? metrics : null;
  }

  hasCheckpoint(): boolean {
    return existsSync(join(checkpointDir(this.dir), "state.json"));
  }

  readMetrics(): RunMetrics | null {
    const path = join(this.dir, "metrics.json");
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as RunMetrics) : null;
  }

  /** Starts a record: a fresh folder, or (resuming) the existing one with its events kept. */
  begin(plan: Plan, resuming: boolean): void {
    if (!resuming) rmSync(this.dir, { recursive: true, force: true });
    const eventsPath = join(this.dir, "events.jsonl");
    this.events =
      resuming && existsSync(eventsPath) ? readFileSync(eventsPath, "utf8").split("\n").filter(Boolean) : [];
    writeFileAtomic(join(this.dir, "plan.json"), `${JSON.stringify({ ...plan, runs: [this.run] }, null, 2)}\n`);
  }

  event(event: RunEvent): void {
    if (event.type === "batch:end") return;
    this.events.push(JSON.stringify(event));
    writeFileAtomic(join(this.dir, "events.jsonl"), `${this.events.join("\n")}\n`);
  }

  writeMetrics(metrics: RunMetrics): void {
    writeFileAtomic(join(this.dir, "metrics.json"), `${JSON.stringify(metrics, null, 2)}\n`);
  }

  writeSplits(data: HopData): void {
    const { train, val, test } = data.files;
    const splits = { domain: data.domain, classes: data.classes, train, val, test };
    writeFileAtomic(join(this.dir, "splits", `${data.domain}.json`), `${JSON.stringify(splits, null, 1)}\n`);
  }
}

function sameStages(a: PlanRun, b: PlanRun): boolean {
  const hashes = (run: PlanRun) => run.hops.flatMap((hop) => hop.stages.map((stage) => stage.hash)).join(",");
  return a.id === b.id && hashes(a) === hashes(b);
}
