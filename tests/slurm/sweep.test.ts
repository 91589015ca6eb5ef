import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SweepRecord } from "../../src/sweep/types.js";
import { comparableMetrics, ensureBuilt, project, referenceRuns, thtlWith } from "../sweep/fixtures.js";

/**
 * `thtl sweep --engine slurm` on a real Slurm: the single-node cluster of cluster.sh, started
 * here when it is not running (it installs Debian's slurm-wlm and munge when missing and run as
 * root).
 */
const CLUSTER = join(import.meta.dirname, "cluster.sh");
const dir = project();

let startedHere = false;
beforeAll(() => {
  startedHere = spawnSync(CLUSTER, ["status"]).status !== 0;
  const started = spawnSync(CLUSTER, ["start"], { encoding: "utf8" });
  if (started.status !== 0) throw new Error(`tests/slurm/cluster.sh start failed:\n${started.stderr}`);
  process.env.SLURM_CONF = started.stdout.match(/SLURM_CONF=(\S+)/)![1];
  ensureBuilt();
}, 300_000);
afterAll(() => {
  if (startedHere) spawnSync(CLUSTER, ["stop"]);
});

const slurm = (program: string, ...args: string[]) => execFileSync(program, args, { encoding: "utf8" });
const taskState = (job: string) => slurm("squeue", "--noheader", "--array", "--jobs", job, "--format=%T %r").trim();

describe("thtl sweep --engine slurm", () => {
  it("runs a job array: a task told its time is near checkpoints, requeues and resumes; a task killed and requeued resumes; the report job runs last; metrics equal thtl run", async () => {
    // Task 1 gets USR2 (as --signal=B:USR2@S sends it) once its last stage has begun an epoch;
    // task 0 is requeued (killed) by Slurm as its second hop starts training.
    let signalled = false;
    let killed = false;
    const released = new Set<string>();
    const heldSince = new Map<string, number>();
    const watcher = setInterval(() => {
      const record = existsSync(join(dir, "sw/sweep.json"))
        ? (JSON.parse(readFileSync(join(dir, "sw/sweep.json"), "utf8")) as SweepRecord)
        : null;
      if (!record?.jobs) return;
      const logOf = (index: number) => {
        const path = join(dir, "sw/logs", `${record.jobs!.array}_${index}.out`);
        return existsSync(path) ? readFileSync(path, "utf8") : "";
      };
      if (!signalled && / · last · epoch 1\/4 · /.test(logOf(1))) {
        signalled = true;
        slurm("scancel", "--batch", "--signal=USR2", `${record.jobs.array}_1`);
      }
      if (!killed && / · other · all · start · /.test(logOf(0))) {
        killed = true;
        slurm("scontrol", "requeue", `${record.jobs.array}_0`);
      }
      // Slurm holds a requeued job for two minutes (its BeginTime); start it after three seconds
      // instead. At once would be too soon: slurmd refuses a job whose previous run's credential
      // it revoked within the same second ("Job credential revoked").
      for (const task of [0, 1].map((i) => `${record.jobs!.array}_${i}`)) {
        if (released.has(task) || !taskState(task).startsWith("PENDING BeginTime")) continue;
        const seen = heldSince.get(task) ?? Date.now();
        heldSince.set(task, seen);
        if (Date.now() - seen >= 3_000) {
          released.add(task);
          slurm("scontrol", "update", `JobId=${task}`, "StartTime=now");
        }
      }
    }, 200);
    const report = `echo "report after $(ls sw/runs/*/tiny/seed1/metrics.json | wc -l) runs" > sw/report.txt`;
    const result = await thtlWith(
      { THTL_SWEEP_POLL_MS: "500" },
      dir,
      "sweep",
      "study.thtl",
      "--engine",
      "slurm",
      "--out",
      "sw",
      "--store",
      "store",
      "--wait",
      "--report",
      report,
      "--signal",
      "60",
    );
    clearInterval(watcher);
    expect(result.err).toBe("");
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/^submitted job array (\d+) \(2 runs, 2 at a time\) and report job (\d+)\n/);
    expect(result.out.trim().split("\n").at(-1)).toBe(
      `2 runs: 2 done · stages: 3 trained, 1 reused · ${join(dir, "sw/sweep.json")}`,
    );

    const record = JSON.parse(readFileSync(join(dir, "sw/sweep.json"), "utf8")) as SweepRecord;
    const log = readFileSync(join(dir, "sw", record.runs[1]!.log), "utf8");
    expect([signalled, killed, released.size]).toEqual([true, true, 2]);
    expect(log).toContain("thtl sweep: time limit near; checkpoint written, requeueing\n");
    expect(log).toMatch(/thtl sweep: task \d+_1 \(restart 1\)/);
    expect(log).toMatch(/ · last · start · .* · resumed at epoch [234]\b/);
    // Task 0 was killed in its second hop's first epoch: it starts that hop over, not the first.
    const killedLog = readFileSync(join(dir, "sw", record.runs[0]!.log), "utf8").split(
      /thtl sweep: task \d+_0 \(restart 1\)/,
    );
    expect(killedLog).toHaveLength(2);
    expect(killedLog[1]).not.toContain(" · shapes · head · epoch");
    expect(killedLog[1]).toMatch(/ · other · all · epoch 1\/1 · /);
    // The report job ran after the array: both runs' records were there.
    expect(readFileSync(join(dir, "sw/report.txt"), "utf8")).toBe("report after 2 runs\n");

    // Without --cpus-per-task, each task trains in one thread.
    await referenceRuns(dir, "alone", 1);
    for (const id of ["a/tiny/seed1", "b/tiny/seed1"])
      expect(comparableMetrics(join(dir, "sw/runs", id)), id).toEqual(comparableMetrics(join(dir, "alone", id)));

    // Without accounting there is no sacct: --status falls back on squeue and the records.
    const status = await thtlWith({}, dir, "sweep", "--status", "--out", "sw");
    expect(status.out).toBe(
      "0  done  a/tiny/seed1\n1  done  b/tiny/seed1\n2 runs: 2 done · stages: 3 trained, 1 reused\n",
    );
  }, 300_000);
});
