import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatDiagnostics } from "../../diagnostics/format.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { parse } from "../../language/parse.js";
import { print } from "../../language/printer.js";
import { readSource } from "../../language/source.js";
import { wantsColor } from "../../terminal/color.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_PROBLEMS, parseCommandArgs, UsageError, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const usage = `Usage: thtl fmt [--write | --check | --stdout] FILE...

Prints .thtl files in canonical form (as Prettier does: no style options; comments kept).
A folder stands for every .thtl file inside it.

Options:
  --stdout  print the canonical text to stdout (the default; for git's textconv)
  --write   rewrite files in place (only those that change), listing them on stderr
  --check   change nothing; list the files that are not canonical, and exit 1 if any

A file with syntax errors is left as it is: its diagnostics go to stderr and the exit code is 1.
Exit codes: 0 done, 1 syntax errors or (with --check) files not canonical, 2 usage error.`;

type Mode = "stdout" | "write" | "check";

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      write: { type: "boolean" },
      check: { type: "boolean" },
      stdout: { type: "boolean" },
    });
    const modes = (["write", "check", "stdout"] as const).filter((m) => values[m]);
    if (modes.length > 1) throw new UsageError(`--${modes[0]} and --${modes[1]} cannot be combined`);
    if (positionals.length === 0) throw new UsageError("no files given");
    const mode: Mode = modes[0] ?? "stdout";
    let ok = true;
    const unformatted: string[] = [];
    for (const file of expandFolders(positionals, io.cwd)) {
      const result = formatFile(file, io);
      if (result === undefined) {
        ok = false;
        continue;
      }
      if (mode === "stdout") io.stdout(result.formatted);
      else if (result.formatted !== result.text) {
        unformatted.push(file);
        if (mode === "write") ok = rewrite(file, result.formatted, io) && ok;
      }
    }
    if (mode === "check") reportCheck(unformatted, io);
    return ok && (mode !== "check" || unformatted.length === 0) ? EXIT_OK : EXIT_PROBLEMS;
  },
};

/** The file's text and its canonical form, or `undefined` after printing why it has none. */
function formatFile(file: string, io: CliIO): { text: string; formatted: string } | undefined {
  const source = readSource(resolve(io.cwd, file), file);
  const color = wantsColor(io, "stderr");
  const report = (diagnostics: Diagnostic[], text?: string) =>
    io.stderr(formatDiagnostics(diagnostics, () => text, { color }));
  if ("diagnostic" in source) {
    report([source.diagnostic]);
    return undefined;
  }
  const { document, diagnostics } = parse(source.text, file);
  if (diagnostics.length > 0) {
    report(diagnostics, source.text);
    return undefined;
  }
  return { text: source.text, formatted: print(document) };
}

function rewrite(file: string, text: string, io: CliIO): boolean {
  try {
    writeFileAtomic(resolve(io.cwd, file), text);
    io.stderr(`${file}\n`);
    return true;
  } catch (error) {
    io.stderr(`thtl fmt: cannot write ${file}: ${(error as Error).message}\n`);
    return false;
  }
}

function reportCheck(unformatted: string[], io: CliIO) {
  for (const file of unformatted) io.stdout(`${file}\n`);
  if (unformatted.length > 0) {
    const files = unformatted.length === 1 ? "1 file is" : `${unformatted.length} files are`;
    io.stderr(
      `${files} not in canonical form; run \`thtl fmt --write\` on ${unformatted.length === 1 ? "it" : "them"}.\n`,
    );
  }
}

/** Folders expand to the .thtl files below them, sorted; files stay as given. */
function expandFolders(paths: string[], cwd: string): string[] {
  return paths.flatMap((path) => {
    const stats = statSync(resolve(cwd, path), { throwIfNoEntry: false });
    if (!stats?.isDirectory()) return [path];
    const entries = readdirSync(resolve(cwd, path), { recursive: true, encoding: "utf8" });
    return entries
      .filter((entry) => entry.endsWith(".thtl"))
      .sort()
      .map((entry) => join(path, entry));
  });
}

export default command;
