import { join } from "node:path";
import { runArguments, shellWord } from "./run-args.js";
import type { SlurmOptions, SweepSetup } from "./types.js";

/** The two batch scripts of a Slurm sweep, and the names they are written under in OUT/slurm/. */
export interface SlurmScripts {
  array: string;
  report: string;
}

/** `%A_%a`: the array's job id and the task's index, as Slurm names its logs. */
export function taskLogPattern(outDir: string): string {
  return join(outDir, "logs", "%A_%a.out");
}

function resourceLines(options: SlurmOptions): string[] {
  const lines: string[] = [];
  if (options.partition) lines.push(`--partition=${options.partition}`);
  if (options.time) lines.push(`--time=${options.time}`);
  if (options.cpusPerTask) lines.push(`--cpus-per-task=${options.cpusPerTask}`);
  if (options.gpusPerTask) lines.push(`--gpus-per-task=${options.gpusPerTask}`);
  if (options.mem) lines.push(`--mem=${options.mem}`);
  return [...lines, ...options.extra];
}

const sbatch = (lines: string[]) => lines.map((line) => `#SBATCH ${line}`);

/**
 * One job array, a task per run of the plan (at most `jobs` at a time). Slurm sends USR2 to the
 * batch shell `signalSeconds` before the time limit (`B:`); the shell passes it on to thtl,
 * which finishes its batch, writes a checkpoint and exits; the shell then requeues this task,
 * and the requeued task's `--resume` continues from the checkpoint. Logs are appended, so a
 * requeued task's log holds every attempt.
 */
export function arrayScript(name: string, runs: number, setup: SweepSetup, options: SlurmOptions): string {
  const thtl = setup.thtl.map(shellWord).join(" ");
  const run = runArguments(setup, '"$SLURM_ARRAY_TASK_ID"')
    .map((w) => (w.startsWith('"') ? w : shellWord(w)))
    .join(" ");
  return [
    "#!/bin/bash",
    ...sbatch([
      `--job-name=${name}`,
      `--array=0-${runs - 1}%${setup.jobs}`,
      `--output=${taskLogPattern(setup.outDir)}`,
      "--open-mode=append",
      `--signal=B:USR2@${options.signalSeconds}`,
      "--requeue",
      ...resourceLines(options),
    ]),
    "",
    `# Run $SLURM_ARRAY_TASK_ID of the plan; written by thtl sweep.`,
    `cd ${shellWord(setup.cwd)}`,
    `export THTL_WASM_THREADS="\${SLURM_CPUS_PER_TASK:-1}" OMP_NUM_THREADS="\${SLURM_CPUS_PER_TASK:-1}" TF_NUM_INTRAOP_THREADS="\${SLURM_CPUS_PER_TASK:-1}"`,
    `echo "thtl sweep: task \${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID} (restart \${SLURM_RESTART_COUNT:-0}) on $(hostname)"`,
    "requeue=0",
    `trap 'requeue=1; kill -USR2 "$child"' USR2`,
    `${thtl} ${run} &`,
    "child=$!",
    `wait "$child"; status=$?`,
    "# A trapped signal ends `wait` early: wait for the checkpoint to be written and the run to exit.",
    `while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done`,
    `if [ "$requeue" = 1 ]; then`,
    `  echo "thtl sweep: time limit near; checkpoint written, requeueing"`,
    `  scontrol requeue "\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}" && exit 0`,
    "fi",
    `exit "$status"`,
    "",
  ].join("\n");
}

/** The job that runs after every task has succeeded (`--dependency=afterok:ARRAY`, given at submission). */
export function reportScript(name: string, setup: SweepSetup, options: SlurmOptions): string {
  return [
    "#!/bin/bash",
    ...sbatch([
      `--job-name=${name}-report`,
      `--output=${join(setup.outDir, "logs", "%j-report.out")}`,
      ...(options.partition ? [`--partition=${options.partition}`] : []),
    ]),
    "",
    "# After every run of the array succeeded; written by thtl sweep.",
    `cd ${shellWord(setup.cwd)}`,
    setup.report,
    "",
  ].join("\n");
}

/** The default report step: `thtl report OUT/runs --out OUT/report`. */
export function defaultReport(setup: Pick<SweepSetup, "thtl" | "outDir">): string {
  return [...setup.thtl, "report", join(setup.outDir, "runs"), "--out", join(setup.outDir, "report")]
    .map(shellWord)
    .join(" ");
}
