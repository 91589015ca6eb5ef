import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * Tests work in temporary folders only: a user's working copy (their runs/, caches, data) is
 * neither read nor written. This holds it for the whole suite: what `git status` shows of the
 * repository folder, ignored files included (node_modules/ aside: vitest keeps its own cache
 * there), must be the same after the tests as before.
 */
export default function workingCopyUnchanged(): (() => void) | void {
  // Asked to rewrite the generated docs or golden files: writing them is the point.
  if (process.env.THTL_UPDATE_DOCS || process.env.UPDATE_GOLDEN === "1") return;
  const before = status();
  if (before === null) return; // not a git checkout: nothing to compare with
  return () => {
    const after = status()!;
    const added = after.filter((line) => !before.includes(line));
    const gone = before.filter((line) => !after.includes(line));
    if (added.length + gone.length === 0) return;
    const report = [
      "the tests changed the working copy (tests must use temporary folders):",
      ...added.map((line) => `  now: ${line}`),
      ...gone.map((line) => `  was: ${line}`),
    ];
    // vitest reports an error thrown here but still exits 0; the exit code is what CI reads.
    process.stderr.write(`\n${report.join("\n")}\n`);
    process.exitCode = 1;
  };
}

function modified(path: string): number {
  try {
    return statSync(resolve(ROOT, path)).mtimeMs;
  } catch {
    return -1;
  }
}

function status(): string[] | null {
  try {
    const out = execFileSync(
      "git",
      ["status", "--porcelain", "--ignored", "--untracked-files=all", "--", ".", ":(exclude)node_modules"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    // Untracked and ignored files with their modification times, so a file rewritten in place counts too.
    return out
      .split("\n")
      .filter(Boolean)
      .map((line) => (line.startsWith("M") || line.startsWith(" ") ? line : `${line} ${modified(line.slice(3))}`));
  } catch {
    return null;
  }
}
