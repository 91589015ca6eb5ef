import { mkdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Plan } from "../../plan/types.js";
import { DEFAULT_STORE_DIR } from "../../sweep/types.js";
import { k8sManifests, k8sName } from "../../sweep/k8s.js";
import { runLocal } from "../sweep-local.js";
import { absoluteOn, rebasePlan } from "../../sweep/plan-paths.js";
import { newSweepRecord, readSweepRecord, writeSweepRecord } from "../../sweep/record.js";
import { runArguments, shellWord } from "../../sweep/run-args.js";
import { refreshSlurmStatus, slurmActive, slurmStates, submitSlurm, writeSlurmScripts } from "../../sweep/slurm.js";
import { arrayScript, defaultReport, reportScript } from "../../sweep/slurm-scripts.js";
import { anyFailed, statusTable, summaryLine } from "../../sweep/summary.js";
import { thtlCommand } from "../../sweep/thtl-command.js";
import { ENGINES, type Engine, type SlurmOptions, type SweepRecord, type SweepSetup } from "../../sweep/types.js";
import { yamlDocument } from "../../sweep/yaml.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";
import { SET_OPTION } from "../set-option.js";
import { loadPlan } from "../load-plan.js";

const usage = `Usage: thtl sweep FILE.thtl|PLAN.json --engine local|slurm|k8s [options]

Runs every run of a plan as its own job, sharing one stage store, so that a stage several runs
need (the same hop for a model and seed in several arms) is trained once. Writes OUT/plan.json,
OUT/sweep.json (every run's status, stages trained and reused) and OUT/runs/ (the run records).

Options:
  --engine NAME        local (processes on this machine), slurm (a job array) or k8s (manifests)
  --jobs N             runs at a time (local: default 1, cores split between them;
                       slurm: the array's %N; k8s: the Job's parallelism)
  --out DIR            the sweep's folder (default: sweep)
  --store DIR          the shared stage store (default: .cache/thtl/stages)
  --wait               slurm: wait for every job, exit 1 if a run failed (local always waits)
  --dry-run            print the jobs (scripts, manifests) and start nothing
  --status             show each run's status from Slurm and the run records, and update sweep.json
  --report CMD         the shell command of the job after every run
                       (default: thtl report OUT/runs --out OUT/report)
  --set KEY=VALUE      compile-time override of a .thtl file, recorded in the plan (repeatable),
                       as thtl run takes it

Slurm options (each task of the array gets these):
  --partition NAME --time LIMIT --cpus-per-task N --gpus-per-task N --mem SIZE
  --sbatch-arg ARG     another #SBATCH option, as given to sbatch (repeatable: --sbatch-arg=--qos=long)
  --signal SECONDS     ask for USR2 this long before the time limit, to checkpoint and requeue (default: 300)

Kubernetes options (--engine k8s --dry-run writes OUT/k8s/*.yaml; kubectl applies them):
  --image IMAGE        the container image with thtl (default: thtl:latest)
  --storage SIZE       the shared volume's size (default: 50Gi)
  --retries N          retries of a run before it counts as failed (default: 2)`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      engine: { type: "string" },
      jobs: { type: "string" },
      out: { type: "string" },
      store: { type: "string" },
      wait: { type: "boolean" },
      "dry-run": { type: "boolean" },
      status: { type: "boolean" },
      report: { type: "string" },
      partition: { type: "string" },
      time: { type: "string" },
      "cpus-per-task": { type: "string" },
      "gpus-per-task": { type: "string" },
      mem: { type: "string" },
      "sbatch-arg": { type: "string", multiple: true },
      signal: { type: "string" },
      image: { type: "string" },
      storage: { type: "string" },
      retries: { type: "string" },
      ...SET_OPTION,
    });
    const outDir = resolve(io.cwd, values.out ?? "sweep");
    if (values.status) return showStatus(outDir, io);
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? "give the .thtl file or plan JSON to sweep" : "give exactly one file",
      );
    const engine = values.engine as Engine | undefined;
    if (!engine || !ENGINES.includes(engine))
      throw new UsageError(
        engine ? `unknown engine '${engine}': use local, slurm or k8s` : "give --engine local, slurm or k8s",
      );
    if (engine === "k8s" && !values["dry-run"])
      throw new UsageError("--engine k8s writes manifests for kubectl: add --dry-run");
    const file = positionals[0]!;
    const loaded = loadPlan("sweep", file, io, values.set);
    if (!loaded) return EXIT_PROBLEMS;
    const plan = rebasePlan(loaded.plan, absoluteOn(loaded.baseDir));
    const jobs = count(values.jobs, "--jobs") ?? (engine === "local" ? 1 : plan.runs.length);
    const thtl = thtlCommand();
    const partial = {
      outDir,
      planFile: join(outDir, "plan.json"),
      storeDir: resolve(io.cwd, values.store ?? DEFAULT_STORE_DIR),
      jobs,
      thtl,
      cwd: io.cwd,
    };
    const setup: SweepSetup = { ...partial, report: values.report ?? defaultReport(partial) };
    const name = k8sName(basename(file).replace(/\.(thtl|json)$/, ""));
    if (engine === "k8s") return writeK8s(plan, name, values, setup, io);
    const slurm: SlurmOptions = {
      partition: values.partition ?? null,
      time: values.time ?? null,
      cpusPerTask: count(values["cpus-per-task"], "--cpus-per-task"),
      gpusPerTask: count(values["gpus-per-task"], "--gpus-per-task"),
      mem: values.mem ?? null,
      extra: values["sbatch-arg"] ?? [],
      signalSeconds: count(values.signal, "--signal") ?? 300,
    };
    if (values["dry-run"]) return dryRun(engine, plan, name, setup, slurm, io);
    mkdirSync(outDir, { recursive: true });
    writeFileAtomic(setup.planFile, `${JSON.stringify(plan, null, 2)}\n`);
    if (engine === "local") {
      const record = newSweepRecord(plan, "local", setup, (index) => join("logs", `${index}.log`));
      writeSweepRecord(outDir, record);
      await runLocal(record, setup, io);
      return finish(record, outDir, io);
    }
    return sweepSlurm(plan, name, setup, slurm, Boolean(values.wait), io);
  },
};

function count(text: string | undefined, option: string): number | null {
  if (text === undefined) return null;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw new UsageError(`${option} takes a whole number of at least 1, got '${text}'`);
  return n;
}

/** `--retries N`, where 0 is allowed: a failed run is not retried. */
function retries(text: string | undefined): number {
  if (text === undefined) return 2;
  if (!/^\d+$/.test(text)) throw new UsageError(`--retries takes a whole number, got '${text}'`);
  return Number(text);
}

function finish(record: SweepRecord, outDir: string, io: CliIO): number {
  io.stdout(`${summaryLine(record)} · ${join(outDir, "sweep.json")}\n`);
  return anyFailed(record) ? EXIT_PROBLEMS : EXIT_OK;
}

async function sweepSlurm(
  plan: Plan,
  name: string,
  setup: SweepSetup,
  slurm: SlurmOptions,
  wait: boolean,
  io: CliIO,
): Promise<number> {
  const record = newSweepRecord(plan, "slurm", setup, (index) => join("logs", `ARRAY_${index}.out`));
  const { paths } = writeSlurmScripts(name, record, setup, slurm);
  const submitted = submitSlurm(paths);
  if ("error" in submitted) {
    io.stderr(`thtl sweep: ${submitted.error}\n`);
    return EXIT_PROBLEMS;
  }
  record.jobs = submitted;
  record.runs.forEach((run) => (run.log = join("logs", `${submitted.array}_${run.index}.out`)));
  writeSweepRecord(setup.outDir, record);
  io.stdout(
    `submitted job array ${submitted.array} (${plan.runs.length} runs, ${setup.jobs} at a time) and report job ${submitted.report}\n`,
  );
  if (!wait) {
    io.stdout(`follow with: thtl sweep --status --out ${shellWord(setup.outDir)}\n`);
    return EXIT_OK;
  }
  const pollMs = Number(io.env.THTL_SWEEP_POLL_MS) || 10_000;
  for (;;) {
    const states = slurmStates(submitted);
    refreshSlurmStatus(record, setup.outDir, states);
    if (!slurmActive(record, states)) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return finish(record, setup.outDir, io);
}

function showStatus(outDir: string, io: CliIO): number {
  const record = readSweepRecord(outDir);
  if (!record) {
    io.stderr(`thtl sweep: no sweep in ${outDir} (no sweep.json); start one with thtl sweep FILE --engine ...\n`);
    return EXIT_PROBLEMS;
  }
  if (record.engine === "slurm" && record.jobs) refreshSlurmStatus(record, outDir, slurmStates(record.jobs));
  else writeSweepRecord(outDir, record);
  for (const line of statusTable(record)) io.stdout(`${line}\n`);
  io.stdout(`${summaryLine(record)}\n`);
  return EXIT_OK;
}

function dryRun(
  engine: "local" | "slurm",
  plan: Plan,
  name: string,
  setup: SweepSetup,
  slurm: SlurmOptions,
  io: CliIO,
): number {
  if (engine === "local") {
    io.stdout(`# ${plan.runs.length} runs, ${setup.jobs} at a time, each:\n`);
    plan.runs.forEach((run, index) =>
      io.stdout(`${[...setup.thtl, ...runArguments(setup, String(index))].map(shellWord).join(" ")}  # ${run.id}\n`),
    );
    return EXIT_OK;
  }
  const array = join(setup.outDir, "slurm", "array.sh");
  const report = join(setup.outDir, "slurm", "report.sh");
  io.stdout(
    `# ${array}\n${arrayScript(name, plan.runs.length, setup, slurm)}\n# ${report}\n${reportScript(name, setup, slurm)}\n`,
  );
  io.stdout(
    `# submitted as:\nsbatch --parsable ${shellWord(array)}\nsbatch --parsable --dependency=afterok:ARRAY_JOB_ID ${shellWord(report)}\n`,
  );
  return EXIT_OK;
}

function writeK8s(
  plan: Plan,
  name: string,
  values: { image?: string; storage?: string; retries?: string; jobs?: string; "cpus-per-task"?: string },
  setup: SweepSetup,
  io: CliIO,
): number {
  const manifests = k8sManifests(plan, {
    name,
    image: values.image ?? "thtl:latest",
    jobs: setup.jobs,
    retries: retries(values.retries),
    storage: values.storage ?? "50Gi",
    cpus: count(values["cpus-per-task"], "--cpus-per-task") ?? 1,
  });
  const dir = join(setup.outDir, "k8s");
  const files = { "configmap.yaml": manifests.configMap, "pvc.yaml": manifests.claim, "job.yaml": manifests.job };
  for (const [file, manifest] of Object.entries(files)) writeFileAtomic(join(dir, file), yamlDocument(manifest));
  io.stdout(
    `wrote ${Object.keys(files)
      .map((f) => join(dir, f))
      .join(", ")}\n`,
  );
  io.stdout(`copy the project folder to the volume's project/ (the data), then: kubectl apply -f ${shellWord(dir)}\n`);
  return EXIT_OK;
}

export default command;
