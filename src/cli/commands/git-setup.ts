import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { git, GitError, repositoryRoot } from "../../diff/git.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_USAGE, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const usage = `Usage: thtl git-setup [--global]

Makes \`git diff\`, \`git log -p\` and \`git show\` print .thtl files in canonical form (as
\`thtl fmt --stdout\` prints them), so that reformatting and comments read apart from real edits.

In the repository of the current folder it:
  - adds \`*.thtl diff=thtl\` and \`*.plan.json linguist-generated\` to .gitattributes at the
    repository root (commit it; the second line folds compiled plans in GitHub's pull requests);
  - sets diff.thtl.textconv and diff.thtl.cachetextconv in the repository's git config.

Running it again changes nothing.

Options:
  --global  configure every repository of this user instead: git's global config, and the global
            attributes file (core.attributesFile, or ~/.config/git/attributes when unset)
`;

const DIFF_ATTRIBUTE = "*.thtl diff=thtl";
const GENERATED_ATTRIBUTE = "*.plan.json linguist-generated";

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { global: { type: "boolean" } });
    if (positionals.length > 0) {
      io.stderr(`thtl git-setup: unexpected argument '${positionals[0]}'.\n\n${usage}`);
      return EXIT_USAGE;
    }
    try {
      setUp(Boolean(values.global), io);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      io.stderr(`thtl git-setup: ${error.message}\n`);
      return EXIT_USAGE;
    }
  },
};

export default command;

function setUp(global: boolean, io: CliIO): void {
  const root = global ? undefined : findRepository(io);
  const attributesFile = root ? join(root, ".gitattributes") : globalAttributesFile(io);
  const lines = root ? [DIFF_ATTRIBUTE, GENERATED_ATTRIBUTE] : [DIFF_ATTRIBUTE];
  const shown = relative(io.cwd, attributesFile) || attributesFile;
  const added = addLines(attributesFile, lines);
  io.stderr(
    added.length > 0 ? `Added to ${shown}: ${added.join(", ")}\n` : `${shown} already has: ${lines.join(", ")}\n`,
  );

  const scope = global ? ["--global"] : [];
  const cwd = root ?? io.cwd;
  git(["config", ...scope, "diff.thtl.textconv", textconvCommand()], cwd, io.env);
  git(["config", ...scope, "diff.thtl.cachetextconv", "true"], cwd, io.env);
  io.stderr(
    `Set diff.thtl.textconv and diff.thtl.cachetextconv in ${global ? "your global" : "the repository's"} git config.\n`,
  );
}

function findRepository(io: CliIO): string {
  try {
    return repositoryRoot(io.cwd, io.env);
  } catch {
    throw new GitError(`'${io.cwd}' is not inside a git repository; run this in one, or use --global`);
  }
}

/** Where git reads user-wide attributes: `core.attributesFile`, else its XDG default. */
function globalAttributesFile(io: CliIO): string {
  const home = io.env.HOME ?? homedir();
  let configured = "";
  try {
    configured = git(["config", "--global", "--path", "core.attributesFile"], io.cwd, io.env).trim();
  } catch {
    // unset: git falls back to the XDG location below
  }
  if (configured !== "") return resolve(io.cwd, configured.replace(/^~(?=\/|$)/, home));
  return join(io.env.XDG_CONFIG_HOME || join(home, ".config"), "git", "attributes");
}

/** Appends the lines the file lacks (compared ignoring spacing), and returns them. */
function addLines(file: string, lines: string[]): string[] {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const normalise = (line: string) => line.trim().split(/\s+/).join(" ");
  const present = new Set(text.split(/\r?\n/).map(normalise));
  const missing = lines.filter((line) => !present.has(line));
  if (missing.length === 0) return [];
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  writeFileAtomic(file, `${text}${separator}${missing.join("\n")}\n`);
  return missing;
}

/**
 * The textconv driver: this package's own bin by absolute path (so it works without npx and
 * outside the project), printing the file as `thtl fmt --stdout` does; when the file does not
 * parse, the text as it is, so that `git diff` still shows something rather than failing.
 * Git appends the file's path and runs the line with `sh`.
 */
export function textconvCommand(): string {
  const bin = fileURLToPath(new URL("../../../bin/thtl.js", import.meta.url));
  const script = `out=$(node "$0" fmt --stdout "$1" 2>/dev/null) && printf "%s\\n" "$out" || cat "$1"`;
  return `sh -c '${script}' ${shellQuote(bin)}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
