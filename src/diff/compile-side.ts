import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Plan } from "../plan/types.js";

/** Reads a file by absolute path; `undefined` when it does not exist. */
export type ReadFile = (path: string) => string | undefined;

/**
 * Compiles one side from source read through `readFile` (git at a revision), or from the file
 * system when it is absent.
 * On failure, the side's diagnostics as `thtl check` prints them, each file called by `name`
 * (`main:schedules/swft.thtl` for a file read from git). The compiler is loaded only here, so a
 * diff of two plan files never pays for the parser.
 */
export async function compileSide(
  path: string,
  readFile: ReadFile | undefined,
  options: { color: boolean; name: (file: string) => string },
): Promise<{ plan: Plan } | { failure: string }> {
  const [{ compileFile }, { formatDiagnostics }] = await Promise.all([
    import("../compile/index.js"),
    import("../diagnostics/format.js"),
  ]);
  const result = compileFile(path, readFile ? { readFile } : {});
  if (result.plan) return { plan: result.plan };
  const sources = new Map([...result.sources].map(([file, text]) => [options.name(file), text]));
  const renamed = result.diagnostics.map((d): Diagnostic => ({
    ...d,
    file: options.name(d.file),
    ...(d.related && { related: d.related.map((r) => ({ ...r, file: options.name(r.file) })) }),
  }));
  const listing = formatDiagnostics(renamed, (file) => sources.get(file), { color: options.color });
  return { failure: `'${options.name(path)}' does not compile:\n\n${listing}` };
}
