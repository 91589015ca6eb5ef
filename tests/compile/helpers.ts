import { compileFile, type CompileResult } from "../../src/compile/index.js";
import type { Plan } from "../../src/plan/types.js";

/** Compiles in-memory files (the first is the root). */
export function compileFiles(files: Record<string, string> | string): CompileResult {
  const table = typeof files === "string" ? { "main.thtl": files } : files;
  return compileFile(Object.keys(table)[0]!, {
    readFile: (path) => (Object.hasOwn(table, path) ? table[path] : undefined),
  });
}

/** The plan of files that must compile; fails the test with the diagnostics otherwise. */
export function planOf(files: Record<string, string> | string): Plan {
  const { plan, diagnostics } = compileFiles(files);
  if (!plan)
    throw new Error(
      `expected a plan, got:\n${diagnostics.map((d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`).join("\n")}`,
    );
  return plan;
}
