import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkFile, createHost } from "../../check/index.js";
import { wantsColor } from "../../terminal/color.js";
import { renderDiagnostics } from "../../terminal/print-diagnostics.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";

const usage = `Usage: thtl check [--json] FILE|DIR...

Checks .thtl files (every .thtl file below a folder) and their imports, and prints every problem
with its code, position and source line. Exits 0 when there are no errors (warnings allowed),
1 when there are errors.

Options:
  --json  print the problems as a JSON array on stdout`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: "boolean" } });
    if (positionals.length === 0) throw new UsageError("give at least one .thtl file or folder");
    const files = positionals.flatMap((arg) => expand(arg, io.cwd));
    const host = createHost({ cwd: io.cwd });
    const diagnostics: Diagnostic[] = [];
    const sources = new Map<string, string>();
    const seen = new Set<string>();
    for (const file of files) {
      const result = checkFile(file, host);
      for (const source of result.program?.files ?? []) sources.set(source.path, source.text);
      for (const d of result.diagnostics) {
        const key = `${d.code} ${d.file} ${d.span.start.offset} ${d.span.end.offset}`;
        if (!seen.has(key)) diagnostics.push(d);
        seen.add(key);
      }
    }
    const json = Boolean(values.json);
    io.stdout(renderDiagnostics(diagnostics, sources, { json, color: wantsColor(io, "stdout") }));
    if (!json && diagnostics.length === 0)
      io.stderr(`${files.length} ${files.length === 1 ? "file" : "files"} checked: no problems\n`);
    return diagnostics.some((d) => d.severity === "error") ? EXIT_PROBLEMS : EXIT_OK;
  },
};

/** A folder becomes its .thtl files (recursively, sorted; hidden folders and node_modules skipped); anything else stays as given. */
function expand(arg: string, cwd: string): string[] {
  if (!statSync(resolve(cwd, arg), { throwIfNoEntry: false })?.isDirectory()) return [arg];
  const found: string[] = [];
  const walk = (folder: string) => {
    const entries = readdirSync(resolve(cwd, folder), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.name.endsWith(".thtl")) found.push(join(folder, entry.name));
    }
  };
  walk(arg);
  if (found.length === 0) throw new UsageError(`there is no .thtl file below '${arg}'`);
  return found;
}

export default command;
