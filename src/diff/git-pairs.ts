import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { changedThtlFiles, git, repositoryRoot } from "./git.js";
import { EMPTY_PLAN, type Side, type SideContext } from "./sides.js";

/** What to compare: each side a name for `loadSide`, or an empty side for an added or deleted file. */
export interface SidePair {
  old: string | Side;
  new: string | Side;
}

const NO_FILE: Side = { label: "/dev/null", plan: EMPTY_PLAN };

/**
 * `thtl diff --git REV`: every `.thtl` file that differs from REV, and every file that imports one
 * of them (directly or not), since its plan changes with the import. Old sides are read at REV.
 */
export function gitPairs(rev: string, context: SideContext): SidePair[] {
  const root = repositoryRoot(context.cwd, context.env);
  const changed = changedThtlFiles(root, rev, context.env);
  const touched = new Set(changed.flatMap((file) => [file.old, file.new]).filter((path) => path !== undefined));
  const importers = filesImporting(root, touched, context).map((path) => ({ old: path, new: path }));
  const shown = (path: string) => relative(context.cwd, join(root, path)) || path;
  return [...changed, ...importers]
    .sort((a, b) => (a.new ?? a.old!).localeCompare(b.new ?? b.old!))
    .map((file) => ({
      old: file.old === undefined ? NO_FILE : `${rev}:${shown(file.old)}`,
      new: file.new === undefined ? NO_FILE : shown(file.new),
    }));
}

/**
 * Tracked `.thtl` files, unchanged themselves, whose imports reach a changed file. Imports are
 * found by their `import "PATH"` lines rather than by compiling, to stay fast on large trees.
 */
function filesImporting(root: string, changed: Set<string>, context: SideContext): string[] {
  const tracked = git(["ls-files", "-z", "--", "*.thtl"], root, context.env)
    .split("\0")
    .filter((path) => path !== "" && !changed.has(path));
  const reaches = (path: string, seen: Set<string>): boolean => {
    if (changed.has(path)) return true;
    if (seen.has(path)) return false;
    seen.add(path);
    return importsOf(root, path).some((imported) => reaches(imported, seen));
  };
  return tracked.filter((path) => importsOf(root, path).some((imported) => reaches(imported, new Set([path]))));
}

function importsOf(root: string, path: string): string[] {
  const file = join(root, path);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^[ \t;]*import[ \t]+"((?:[^"\\]|\\.)*)"/gm)].map((match) =>
    relative(root, resolve(dirname(file), match[1]!))
      .split("\\")
      .join("/"),
  );
}
