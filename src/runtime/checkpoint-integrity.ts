import { sha256 } from "../util/sha256.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RunFailure } from "../diagnostics/run-failure.js";

/**
 * A checkpoint file's bytes, if they are those that were written. Weights overwritten on disk
 * would otherwise train on (or give NaN losses that send the user after the learning rate): a
 * missing or changed file stops the run before anything is trained from it (THTL4008).
 */
export function readChecked(dir: string, ref: { file: string; sha256?: string }, runId: string): Buffer {
  const path = join(dir, ref.file);
  if (!existsSync(path)) throw damaged(runId, path, "is missing");
  const bytes = readFileSync(path);
  if (ref.sha256 === undefined) throw damaged(runId, path, "has no checksum in state.json (an older thtl wrote it)");
  if (sha256(bytes) !== ref.sha256)
    throw damaged(runId, path, "does not match the checksum recorded when it was written");
  return bytes;
}

/** `state.json` parsed, or THTL4008 when it is not JSON (it is the commit point: no checksum covers it). */
export function parseState<T>(path: string, runId: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    throw damaged(runId, path, "is not valid JSON");
  }
}

function damaged(run: string, file: string, reason: string): RunFailure {
  return new RunFailure("THTL4008", { run, file, reason });
}
