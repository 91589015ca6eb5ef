import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { renderDiagnostics, wantsColor } from "../../check/print.js";
import { compileFile, planViolations } from "../../compile/index.js";
import { DEFAULT_CACHE_DIR } from "../../data/dataset.js";
import type { Plan, PlanRun } from "../../plan/types.js";
import { backendPreferences, type BackendPreference } from "../../runtime/backend/select.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../io.js";
import { DEFAULT_STORE_DIR } from "../../runtime/store/stage-store.js";

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

Ctrl-C once finishes the current batch and exits (130) with the command that resumes;
twice exits at once.`;

const command: Command = {
  name: "run",
  summary: "Train every run of a plan",
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
      "run-index": { type: "string" },
      store: { type: "string" },
      "no-store": { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? "give the .thtl file or plan JSON to run" : "give exactly one file");
    const backend = (values.backend ?? "auto") as BackendPreference;
    if (!backendPreferences.includes(backend)) throw new UsageError(`unknown backend '${backend}': use ${backendPreferences.slice(0, -1).join(", ")} or ${backendPreferences.at(-1)}`);
    const workers = values.workers === undefined ? 1 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers takes a whole number of at least 1, got '${values.workers}'`);
    if (values.resume && values.force) throw new UsageError("--resume and --force contradict each other: --force starts over");
    const file = positionals[0]!;
    const loaded = loadPlan(file, io);
    if (!loaded) return EXIT_PROBLEMS;
    let plan = loaded.plan;
    if (values.run !== undefined) {
      const only = plan.runs.filter((r) => r.id === values.run);
      if (only.length === 0) throw new UsageError(`no run '${values.run}' in ${file}; its runs are: ${plan.runs.map((r) => r.id).join(", ")}`);
      plan = { ...plan, runs: only };
    }
    if (values["run-index"] !== undefined) plan = { ...plan, runs: [runAt(plan, values["run-index"], file)] };
    if (values.store !== undefined && values["no-store"]) throw new UsageError("--store and --no-store contradict each other");
    if (values["dry-run"]) {
      const { renderDryRun } = await import("../../ui/index.js");
      await renderDryRun(plan, io);
      return EXIT_OK;
    }
    const { train } = await import("../../runtime/train-command.js");
    return train(plan, {
      io,
      file,
      baseDir: loaded.baseDir,
      outDir: resolve(io.cwd, values.out ?? "runs"),
      cacheDir: resolve(io.cwd, DEFAULT_CACHE_DIR),
      storeDir: values["no-store"] ? null : resolve(io.cwd, values.store ?? DEFAULT_STORE_DIR),
      backend,
      resume: Boolean(values.resume),
      force: Boolean(values.force),
      json: Boolean(values.json),
      skipBadImages: Boolean(values["skip-bad-images"]),
      workers,
      resumeCommand: resumeCommand(argv),
    });
  },
};

/** `--run-index I`: the plan's run I, counted from 0 in plan order (a job array's task id). */
function runAt(plan: Plan, text: string, file: string): PlanRun {
  const index = Number(text);
  if (!/^\d+$/.test(text) || index >= plan.runs.length) {
    throw new UsageError(`--run-index takes a run number from 0 to ${plan.runs.length - 1} (${file} has ${plan.runs.length} ${plan.runs.length === 1 ? "run" : "runs"}), got '${text}'`);
  }
  return plan.runs[index]!;
}

/** Compiles a .thtl file, or reads a plan JSON and validates it against the plan schema. */
export function loadPlan(file: string, io: CliIO): { plan: Plan; baseDir: string } | null {
  const path = resolve(io.cwd, file);
  if (!file.endsWith(".json")) {
    const { plan, diagnostics, sources } = compileFile(file, { cwd: io.cwd });
    if (diagnostics.length > 0) io.stderr(renderDiagnostics(diagnostics, sources, { json: false, color: wantsColor(io, "stderr") }));
    return plan ? { plan, baseDir: dirname(path) } : null;
  }
  if (!existsSync(path)) {
    io.stderr(`thtl run: cannot read '${file}': the file does not exist\n`);
    return null;
  }
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    io.stderr(`thtl run: '${file}' is not JSON: ${(error as Error).message}\n`);
    return null;
  }
  const violations = planViolations(plan as Plan);
  if (violations.length > 0) {
    io.stderr(`thtl run: '${file}' is not a valid plan (make one with \`thtl compile\`):\n${violations.map((v) => `  ${v}`).join("\n")}\n`);
    return null;
  }
  return { plan: plan as Plan, baseDir: dirname(path) };
}

/** The command line that continues this one: the same arguments with --resume, without --force. */
function resumeCommand(argv: string[]): string {
  const args = argv.filter((a) => a !== "--force" && a !== "--resume" && a !== "--dry-run");
  return ["thtl", "run", ...args.map((a) => (/^[\w./=:@-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)), "--resume"].join(" ");
}

export default command;
