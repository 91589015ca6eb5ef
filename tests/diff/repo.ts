import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A scratch git repository in a temporary folder, isolated from the user's git config. */
export class TestRepo {
  readonly dir = mkdtempSync(join(tmpdir(), "thtl-diff-"));
  readonly env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: this.dir,
    XDG_CONFIG_HOME: join(this.dir, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  readonly root = join(this.dir, "repo");

  constructor() {
    mkdirSync(this.root);
    this.git("init", "-q", "-b", "main");
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.root, env: this.env as NodeJS.ProcessEnv, encoding: "utf8" });
  }

  write(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(this.root, path)), { recursive: true });
      writeFileSync(join(this.root, path), text);
    }
  }

  commit(message: string, files: Record<string, string> = {}): void {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "-m", message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
