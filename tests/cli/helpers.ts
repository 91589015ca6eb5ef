import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";

/** A temporary folder holding `files` (names may include sub-folders). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "thtl-cli-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs `thtl ARGV...` in-process in `cwd`, returning the exit code and everything printed. */
export async function thtl(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const recorder = recordingIO({ cwd, env });
  const code = await main(argv, recorder.io);
  return { code, out: recorder.out, err: recorder.err };
}
