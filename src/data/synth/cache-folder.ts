import { existsSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { writeSynthFolder, type SynthRequest } from "./generate.js";
import { GENERATOR_VERSION } from "./render.js";

/** The marker written after the last image, so that an interrupted generation is redone. */
const COMPLETE = ".complete";

/**
 * `data synth KIND N`: the generated folder under `cacheDir`, keyed by everything that affects its
 * content (kind, count, seed, size, generator version); generated on first use. Returns its
 * absolute path.
 */
export async function ensureSynthFolder(request: SynthRequest & { cacheDir: string }, onImage?: (done: number, total: number) => void): Promise<string> {
  const { kind, count, seed, size } = request;
  const name = `${kind}-n${count}-seed${seed}-${size.height}x${size.width}`;
  const folder = resolve(request.cacheDir, `synth-v${GENERATOR_VERSION}`, name);
  if (existsSync(join(folder, COMPLETE))) return folder;
  if (existsSync(folder)) removeIncomplete(folder);
  // Generated beside the folder and renamed into place: runs of a sweep that need the same data
  // at once each generate it, and the first rename wins (the others find the folder there).
  const partial = `${folder}.${process.pid}-${Date.now().toString(36)}.tmp`;
  try {
    await writeSynthFolder(partial, { kind, count, seed, size }, onImage);
    writeFileAtomic(join(partial, COMPLETE), `${JSON.stringify({ kind, count, seed, size, generator: GENERATOR_VERSION })}\n`);
    renameSync(partial, folder);
  } catch (error) {
    if (!existsSync(join(folder, COMPLETE))) throw error;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return folder;
}

/**
 * An incomplete folder (left by an earlier version that generated in place) is renamed aside
 * before it is removed, so that another process never sees it half gone.
 */
function removeIncomplete(folder: string): void {
  // Another process may have renamed its complete folder into place since the caller looked.
  if (existsSync(join(folder, COMPLETE))) return;
  const aside = `${folder}.${process.pid}-incomplete.tmp`;
  try {
    renameSync(folder, aside);
  } catch {
    return;
  }
  if (existsSync(join(aside, COMPLETE))) {
    try {
      renameSync(aside, folder);
      return;
    } catch {
      // Yet another complete copy is in place: this one can go.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}
