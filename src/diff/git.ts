import { execFileSync } from "node:child_process";

/** A git command that failed, with git's own message (`fatal: invalid object name 'main'`). */
export class GitError extends Error {}

type Env = Record<string, string | undefined>;

/** Runs git in `cwd` and returns its standard output; git's error message becomes a `GitError`. */
export function git(args: string[], cwd: string, env: Env): string {
  try {
    return execFileSync("git", args, {
      cwd,
      env: env as NodeJS.ProcessEnv,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT") throw new GitError("git is not installed (or not on PATH)");
    const message =
      String(failure.stderr ?? "")
        .trim()
        .split("\n")[0] || failure.message;
    throw new GitError(message.replace(/^(fatal|error): /, ""));
  }
}

/** The top folder of the repository that holds `dir`. */
export function repositoryRoot(dir: string, env: Env): string {
  return git(["rev-parse", "--show-toplevel"], dir, env).trim();
}

/** A file's content at a revision (`PATH` relative to the repository root), or `undefined` when the revision has no such file. */
export function readAtRevision(root: string, rev: string, path: string, env: Env): string | undefined {
  const spec = `${rev}:${path}`;
  try {
    git(["cat-file", "-e", spec], root, env);
  } catch {
    git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], root, env);
    return undefined;
  }
  return git(["cat-file", "blob", spec], root, env);
}

export interface ChangedFile {
  /** Paths relative to the repository root; `old` is absent for an added file, `new` for a deleted one. */
  old?: string;
  new?: string;
}

/**
 * The `.thtl` files of the working tree that differ from `rev`: modified, added (untracked ones
 * too), deleted and renamed, in path order.
 */
export function changedThtlFiles(root: string, rev: string, env: Env): ChangedFile[] {
  const tracked = git(["diff", "--name-status", "-z", "-M", rev, "--", "*.thtl"], root, env).split("\0");
  const files: ChangedFile[] = [];
  for (let i = 0; i < tracked.length - 1;) {
    const status = tracked[i++]!;
    if (status.startsWith("R")) files.push({ old: tracked[i++]!, new: tracked[i++]! });
    else if (status === "A") files.push({ new: tracked[i++]! });
    else if (status === "D") files.push({ old: tracked[i++]! });
    else {
      const path = tracked[i++]!;
      files.push({ old: path, new: path });
    }
  }
  const untracked = git(["ls-files", "-z", "--others", "--exclude-standard", "--", "*.thtl"], root, env).split("\0");
  for (const path of untracked) if (path !== "") files.push({ new: path });
  return files.sort((a, b) => (a.new ?? a.old!).localeCompare(b.new ?? b.old!));
}
