import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, relative, resolve, sep } from "node:path";
import type { Plan } from "../plan/types.js";
import { compileSide, type ReadFile } from "./compile-side.js";
import { GitError, readAtRevision, repositoryRoot } from "./git.js";
import { parsePlan } from "./parse-plan.js";

/** One side of a comparison: a plan, or what went wrong, ready to print (diagnostics included). */
export type Side = { label: string; plan: Plan } | { label: string; failure: string };

export interface SideContext {
  cwd: string;
  env: Record<string, string | undefined>;
  color: boolean;
}

/** The side of an added or deleted file: a plan with no runs. */
export const EMPTY_PLAN: Plan = { planVersion: 1, compiler: "", sources: [], runs: [] };

/**
 * Reads one side as the user named it: `REV:PATH` (read from git), a compiled plan (`.json`) or
 * a `.thtl` file (compiled here). A name with a colon is read from git only when no such file
 * exists, so a file whose name holds a colon still works.
 */
export async function loadSide(spec: string, context: SideContext): Promise<Side> {
  const colon = spec.indexOf(":");
  if (colon > 0 && !existsSync(resolve(context.cwd, spec))) {
    return loadFromGit(spec.slice(0, colon), spec.slice(colon + 1), spec, context);
  }
  const path = resolve(context.cwd, spec);
  if (!existsSync(path)) return { label: spec, failure: `cannot read '${spec}': the file does not exist` };
  return loadPath(path, spec, undefined, context);
}

/** `REV:PATH` with PATH relative to the current folder, as git's `REV:./PATH`; imports at the same revision. */
async function loadFromGit(rev: string, path: string, label: string, context: SideContext): Promise<Side> {
  const absolute = resolve(context.cwd, path);
  let root: string;
  try {
    root = repositoryRoot(nearestFolder(dirname(absolute)), context.env);
  } catch (error) {
    return { label, failure: `cannot read '${label}': ${(error as Error).message}` };
  }
  const readFile: ReadFile = (file) => {
    const inRepository = relative(root, file);
    if (inRepository.startsWith("..")) return existsSync(file) ? readFileSync(file, "utf8") : undefined;
    return readAtRevision(root, rev, inRepository.split(sep).join("/"), context.env);
  };
  const name = (file: string) => {
    const inRepository = relative(root, file);
    return inRepository.startsWith("..") ? file : `${rev}:${relative(context.cwd, file) || inRepository}`;
  };
  try {
    return await loadPath(absolute, label, readFile, context, name);
  } catch (error) {
    if (error instanceof GitError) return { label, failure: `cannot read '${label}': ${error.message}` };
    throw error;
  }
}

/** Reads through `readFile`, or from the file system (with its checks for binary and non-UTF-8 files) when absent. */
async function loadPath(
  path: string,
  label: string,
  readFile: ReadFile | undefined,
  context: SideContext,
  name?: (file: string) => string,
): Promise<Side> {
  if (extname(path) !== ".json") {
    const result = await compileSide(path, readFile, {
      color: context.color,
      name: name ?? ((file) => relative(context.cwd, file) || file),
    });
    return "plan" in result ? { label, plan: result.plan } : { label, failure: result.failure };
  }
  let text: string | undefined;
  try {
    text = readFile ? readFile(path) : readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof GitError) throw error;
    return {
      label,
      failure: `cannot read '${label}': ${(error as NodeJS.ErrnoException).code === "EISDIR" ? "it is a directory" : (error as Error).message}`,
    };
  }
  if (text === undefined) return { label, failure: `cannot read '${label}': the file does not exist` };
  const parsed = parsePlan(text, label);
  return "plan" in parsed ? { label, plan: parsed.plan } : { label, failure: parsed.failure };
}

/** `git` must run in a folder that exists; at an old revision, the file's own folder may not. */
function nearestFolder(dir: string): string {
  let folder = dir;
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}
