import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { planViolations } from "../compile/index.js";
import type { Plan } from "../plan/types.js";
import { wantsColor } from "../terminal/color.js";
import { renderDiagnostics } from "../terminal/print-diagnostics.js";
import type { CliIO } from "../util/io.js";
import { UsageError } from "./command.js";
import { compileWithSet } from "./set-option.js";

/** Compiles a .thtl file, or reads a plan JSON and validates it against the plan schema; problems are printed as `thtl COMMAND: ...`. */
export function loadPlan(
  command: string,
  file: string,
  io: CliIO,
  set?: string[],
): { plan: Plan; baseDir: string } | null {
  const path = resolve(io.cwd, file);
  if (set && file.endsWith(".json"))
    throw new UsageError(
      "--set applies when compiling a .thtl file; a plan JSON is already compiled (use `thtl compile --set`)",
    );
  if (!file.endsWith(".json")) {
    const { plan, diagnostics, sources } = compileWithSet(file, { cwd: io.cwd }, set);
    if (diagnostics.length > 0)
      io.stderr(renderDiagnostics(diagnostics, sources, { json: false, color: wantsColor(io, "stderr") }));
    return plan ? { plan, baseDir: dirname(path) } : null;
  }
  if (!existsSync(path)) {
    io.stderr(`thtl ${command}: cannot read '${file}': the file does not exist\n`);
    return null;
  }
  let plan: unknown;
  try {
    plan = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    io.stderr(`thtl ${command}: '${file}' is not JSON: ${(error as Error).message}\n`);
    return null;
  }
  const violations = planViolations(plan as Plan);
  if (violations.length > 0) {
    io.stderr(
      `thtl ${command}: '${file}' is not a valid plan (make one with \`thtl compile\`):\n${violations.map((v) => `  ${v}`).join("\n")}\n`,
    );
    return null;
  }
  return { plan: plan as Plan, baseDir: dirname(path) };
}
