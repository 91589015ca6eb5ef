/** The shared stage store's folder unless `--store` names another (docs/sweeps.md). */
export const DEFAULT_STORE_DIR = ".cache/thtl/stages";

/** Where a sweep's runs are executed. */
export type Engine = "local" | "slurm" | "k8s";

export const ENGINES: readonly Engine[] = ["local", "slurm", "k8s"];

/** A run's state as `sweep.json` and `thtl sweep --status` show it. */
export type SweepRunStatus = "pending" | "running" | "done" | "failed" | "interrupted";

/** `OUT/sweep.json` (described by `schema/sweep.schema.json`). */
export interface SweepRecord {
  sweepVersion: 1;
  engine: Engine;
  /** The plan every job runs, relative to OUT. */
  plan: string;
  /** The stage store's folder (absolute: jobs on other nodes read it too). */
  store: string;
  /** Slurm's job ids once submitted: the array and the dependent report job. */
  jobs: { array: string; report: string } | null;
  runs: SweepRun[];
  /** Stages of the runs' records: trained by their run, or reused from the store. */
  stages: { trained: number; reused: number };
  updated: string;
}

export interface SweepRun {
  /** The run's position in the plan: `thtl run PLAN --run-index INDEX`. */
  index: number;
  id: string;
  status: SweepRunStatus;
  /** The run's record folder, relative to OUT. */
  record: string;
  /** The run's log, relative to OUT. */
  log: string;
}

/** Resources asked of Slurm for each run (a task of the job array). */
export interface SlurmOptions {
  partition: string | null;
  time: string | null;
  cpusPerTask: number | null;
  gpusPerTask: number | null;
  mem: string | null;
  /** Further `#SBATCH` options, each as written on sbatch's command line (`--qos=long`). */
  extra: string[];
  /** Seconds before the time limit at which Slurm sends USR2: checkpoint, requeue, resume. */
  signalSeconds: number;
}

/** What every engine needs to start the runs of a plan. */
export interface SweepSetup {
  /** OUT, absolute. */
  outDir: string;
  /** OUT/plan.json, absolute: the plan with absolute data and weights paths. */
  planFile: string;
  storeDir: string;
  /** Runs at a time (`--jobs`). */
  jobs: number;
  /** How a job starts thtl: `node /…/bin/thtl.js` (this installation), as a program and its arguments. */
  thtl: string[];
  /** The report step after every run, as a shell command. */
  report: string;
  /** The folder jobs start in (the sweep's working directory). */
  cwd: string;
}
