import { checkFile, createHost } from "../check/index.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Plan } from "../plan/types.js";
import { buildPlan } from "./build-plan.js";
import type { Overrides } from "./overrides.js";
import { planViolations } from "./validate.js";

export { planViolations } from "./validate.js";
export { OverrideError, parseOverrides, type Overrides } from "./overrides.js";
export { explainJson, explainPlan, explainRun, type ExplainOptions } from "./explain.js";

export interface CompileOptions {
  /**
   * Reads a `.thtl` file (the compiled one and its imports); undefined when it does not exist.
   * Defaults to the file system. `thtl diff` passes a reader of a git revision.
   */
  readFile?: (path: string) => string | undefined;
  /** The folder relative paths are read from (default: the process's); paths in diagnostics stay as given. */
  cwd?: string;
  /** `--set` overrides (`parseOverrides`); one that cannot apply throws `OverrideError`. */
  overrides?: Overrides;
}

export interface CompileResult {
  /** Null when any error was found; then `diagnostics` says why. */
  plan: Plan | null;
  /** Errors and warnings, sorted by file (the compiled file first) and position. */
  diagnostics: Diagnostic[];
  /** The text of every file read (compiled file and imports), by path, for code frames. */
  sources: Map<string, string>;
}

/**
 * Compiles a `.thtl` file and its imports into a plan validated against
 * `schema/plan.schema.json`. Never throws for bad input; a plan that fails its schema is a bug in
 * the compiler and throws.
 */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  const { program, context, diagnostics } = checkFile(path, createHost(options));
  const sources = new Map((program?.files ?? []).map((file) => [file.path, file.text]));
  if (!context || diagnostics.some((d) => d.severity === "error")) return { plan: null, diagnostics, sources };
  const plan = buildPlan(context, options.overrides);
  const violations = planViolations(plan);
  if (violations.length > 0) throw new Error(`the compiled plan does not match its schema:\n${violations.join("\n")}`);
  return { plan, diagnostics, sources };
}
