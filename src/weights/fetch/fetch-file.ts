import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { RunFailure } from "../../diagnostics/run-failure.js";
import { downloadToPart, hashFile, UnreachableError, type Progress } from "./download.js";
import { mirrored, type OfficialFile } from "./sources.js";

/**
 * Fetches an official weights file into `dir` and returns its path: an earlier download is
 * reused; a partial one (`NAME.part`) is continued; the finished file is checked against the
 * published hash before it takes its name, so `dir/NAME` is always a whole, checked file.
 * `base` replaces the URL's host (a mirror).
 */
export async function fetchOfficialFile(
  file: OfficialFile,
  dir: string,
  base: string | undefined,
  report: { start(url: string, resumeAt: number): void; progress: Progress },
): Promise<{ path: string; downloaded: boolean }> {
  const path = join(dir, file.fileName);
  if (existsSync(path)) return { path, downloaded: false };
  mkdirSync(dir, { recursive: true });
  const url = mirrored(file.url, base);
  const part = `${path}.part`;
  try {
    report.start(url, existsSync(part) ? statSync(part).size : 0);
    await downloadToPart(url, part, report.progress);
  } catch (error) {
    const reason = error instanceof UnreachableError ? `${(error as Error).message} (the part downloaded so far is kept; running the command again continues it)` : (error as Error).message;
    throw new RunFailure("THTL4023", { url, reason, path, arch: file.arch });
  }
  if (file.hash) {
    const actual = await hashFile(part, file.hash.algorithm);
    if (!actual.startsWith(file.hash.expected)) {
      rmSync(part, { force: true });
      const shown = file.hash.algorithm === "sha256" ? actual.slice(0, file.hash.expected.length) : actual;
      throw new RunFailure("THTL4024", { url, algorithm: file.hash.algorithm, actual: shown, expected: file.hash.expected });
    }
  }
  renameSync(part, path);
  return { path, downloaded: true };
}
