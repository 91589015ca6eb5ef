import { resolve } from "node:path";
import { DEFAULT_CACHE_DIR } from "../../data/index.js";
import type { Plan, PlanRun } from "../../plan/types.js";
import { backendPreferences, type BackendPreference } from "../../runtime/backend/select.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import { SET_OPTION } from "../set-option.js";
import { loadPlan } from "../load-plan.js";
import { DEFAULT_STORE_DIR } from "../../sweep/types.js";

const usage = `Usage: thtl run FILE.thtl|PLAN.json [options]

Trains every run of a plan, hop by hop and stage by stage, and records each run under
OUT/EXPERIMENT/MODEL/seedN/ (plan.json, events.jsonl, metrics.json, splits/, checkpoint/, model/).
A run whose finished record matches the plan's stage hashes is reused, not trained again.

Options:
  --backend NAME       auto (default), tensorflow, wasm or cpu
  --out DIR            where run records go (default: runs)
  --resume             continue interrupted runs from their last complete epoch
  --force              train again even when a finished record matches; start interrupted runs over
  --run ID             train only this run (EXPERIMENT/MODEL/seedN)
  --run-index I        train only the plan's run number I (from 0), as sweep jobs do
  --store DIR          the shared stage store (default: .cache/thtl/stages)
  --no-store           train every stage here: neither read nor add to the store
  --json               print events as JSON lines on stdout
  --skip-bad-images    leave out unreadable images (recorded) instead of stopping
  --dry-run            show what would be trained, and train nothing
  --workers N          data-parallel worker threads (default: 1)
  --cam N              keep LayerCAM maps of N validation images after every stage, under
                       RUN/cam/HOP/STAGE/ (overrides the experiment's \`cam N\`; 0 for none)
  --set KEY=VALUE      compile-time override, recorded in the plan (repeatable): image=HxW,
                       epochs=N, batch=N, width=X, seeds=1,2,3, models=NAME,..., DOMAIN.count=N

Ctrl-C once finishes the current batch and exits (130) with the command that resumes;
twice exits at once.`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      backend: { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean" },
      force: { type: "boolean" },
      run: { type: "string" },
      json: { type: "boolean" },
      "skip-bad-images": { type: "boolean" },
      "dry-run": { type: "boolean" },
      workers: { type: "string" },
      cam: { type: "string" },
      ...SET_OPTION,
      "run-index": { type: "string" },
      store: { type: "string" },
      "no-store": { type: "boolean" },
    });
    if (positionals.length !== 1)
      throw new UsageError(
        positionals.length === 0 ? "give the .thtl file or plan JSON to run" : "give exactly one file",
      );
    const backend = (values.backend ?? "auto") as BackendPreference;
    if (!backendPreferences.includes(backend))
      throw new UsageError(
        `unknown backend '${backend}': use ${backendPreferences.slice(0, -1).join(", ")} or ${backendPreferences.at(-1)}`,
      );
    const workers = values.workers === undefined ? 1 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1)
      throw new UsageError(`--workers takes a whole number of at least 1, got '${values.workers}'`);
    const cam = values.cam === undefined ? undefined : Number(values.cam);
    if (cam !== undefined && (!Number.isInteger(cam) || cam < 0))
      throw new UsageError(`--cam takes a whole number of images (0 for none), got '${values.cam}'`);
    if (values.resume && values.force)
      throw new UsageError("--resume and --force contradict each other: --force starts over");
    const file = positionals[0]!;
    const loaded = loadPlan("run", file, io, values.set);
    if (!loaded) return EXIT_PROBLEMS;
    let plan = loaded.plan;
    if (values.run !== undefined) {
      const only = plan.runs.filter((r) => r.id === values.run);
      if (only.length === 0)
        throw new UsageError(
          `no run '${values.run}' in ${file}; its runs are: ${plan.runs.map((r) => r.id).join(", ")}`,
        );
      plan = { ...plan, runs: only };
    }
    if (values["run-index"] !== undefined) plan = { ...plan, runs: [runAt(plan, values["run-index"], file)] };
    if (values.store !== undefined && values["no-store"])
      throw new UsageError("--store and --no-store contradict each other");
    if (values["dry-run"]) {
      const { renderDryRun } = await import("../../ui/index.js");
      await renderDryRun(plan, io);
      return EXIT_OK;
    }
    const { train } = await import("../run/train.js");
    const outDir = resolve(io.cwd, values.out ?? "runs");
    const code = await train(plan, {
      io,
      file,
      baseDir: loaded.baseDir,
      outDir,
      cacheDir: resolve(io.cwd, DEFAULT_CACHE_DIR),
      storeDir: values["no-store"] ? null : resolve(io.cwd, values.store ?? DEFAULT_STORE_DIR),
      backend,
      resume: Boolean(values.resume),
      force: Boolean(values.force),
      json: Boolean(values.json),
      skipBadImages: Boolean(values["skip-bad-images"]),
      workers,
      ...(cam !== undefined ? { cam } : {}),
      resumeCommand: resumeCommand(argv),
    });
    // A plan of several runs ends with the report's main table (stdout holds JSON lines under --json).
    if (plan.runs.length > 1 && !values.json) {
      const table = (await import("../../report/plan-table.js")).planTable(
        outDir,
        plan.runs.map((r) => r.id),
      );
      if (table) io.stdout(table);
    }
    return code;
  },
};

/** `--run-index I`: the plan's run I, counted from 0 in plan order (a job array's task id). */
function runAt(plan: Plan, text: string, file: string): PlanRun {
  const index = Number(text);
  if (!/^\d+$/.test(text) || index >= plan.runs.length) {
    throw new UsageError(
      `--run-index takes a run number from 0 to ${plan.runs.length - 1} (${file} has ${plan.runs.length} ${plan.runs.length === 1 ? "run" : "runs"}), got '${text}'`,
    );
  }
  return plan.runs[index]!;
}

/** The command line that continues this one: the same arguments with --resume, without --force. */
function resumeCommand(argv: string[]): string {
  const args = argv.filter((a) => a !== "--force" && a !== "--resume" && a !== "--dry-run");
  return [
    "thtl",
    "run",
    ...args.map((a) => (/^[\w./=:@-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)),
    "--resume",
  ].join(" ");
}

export default command;
