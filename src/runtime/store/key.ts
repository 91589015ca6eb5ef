import { sha256 } from "../../util/sha256.js";
import type { PlanRun } from "../../plan/types.js";
import type { HopData } from "../data-source.js";

/** Bump when what a stored stage holds, or how it is trained, changes meaning. */
const STORE_VERSION = 1;

/**
 * The store key of the stage at (hop, stage) of a run. The plan's stage hash covers the stage's
 * settings, its hop's data description, the seed and every stage upstream; the key adds:
 * - the stage's position, which keys its shuffles and dropout masks (a chain `a(s1, s2)` and a
 *   chain `a(s1) -> a(s2)` have equal hashes but train differently);
 * - `dataDigest`, the contents of every split of this hop and those before it (see `dataDigest`),
 *   so that a data folder whose images changed is trained again;
 * - the backend, since backends round differently and the store promises the very result that
 *   training again would give;
 * - the run's architecture and input, which the stage hash covers too, so that a plan JSON whose
 *   hashes were edited by hand (or not recomputed) can never load one model's weights into another.
 */
export function stageKey(
  stageHash: string,
  run: Pick<PlanRun, "architecture" | "input">,
  hop: number,
  stage: number,
  dataDigest: string,
  backend: string,
): string {
  return sha256(
    JSON.stringify([STORE_VERSION, stageHash, run.architecture, run.input, hop, stage, dataDigest, backend]),
  );
}

/**
 * Folds one hop's split contents into the digest of the hops before it. Data that cannot
 * fingerprint itself (in-memory test data) counts by its files and labels.
 */
export function dataDigest(previous: string, data: HopData): string {
  const splits = (["train", "val", "test"] as const).map(
    (split) => data.fingerprint?.(split) ?? sha256(JSON.stringify(data.files[split])),
  );
  return sha256(JSON.stringify([previous, splits]));
}
