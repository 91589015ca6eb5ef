import { existsSync, rmSync } from "node:fs";
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
  rmSync(folder, { recursive: true, force: true });
  await writeSynthFolder(folder, { kind, count, seed, size }, onImage);
  writeFileAtomic(join(folder, COMPLETE), `${JSON.stringify({ kind, count, seed, size, generator: GENERATOR_VERSION })}\n`);
  return folder;
}
