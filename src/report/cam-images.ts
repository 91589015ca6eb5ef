import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunFolder } from "./collect.js";

/** A stage's LayerCAM grid (`RUN/cam/HOP/STAGE/grid.png`), as a data URI with its path under `cam/`. */
export interface CamGrid {
  path: string;
  uri: string;
}

/**
 * The grid of the model a run ended with: its last hop's last stage that kept maps (rows: the
 * fixed validation images; columns: the layers mapped, then fused). One grid per run keeps the
 * report small: a SWFT run keeps a grid of every layer after each of its 5 stages, about 320 KB
 * each; `thtl cam --compare` and the run folder have them all.
 */
export function finalCamGrid(folder: RunFolder): CamGrid | null {
  const hop = folder.run.hops.at(-1);
  if (!hop) return null;
  for (const stage of [...hop.stages].reverse()) {
    const path = join(hop.domain, stage.name, "grid.png");
    const file = join(folder.dir, "cam", path);
    if (existsSync(file)) return { path, uri: `data:image/png;base64,${readFileSync(file).toString("base64")}` };
  }
  return null;
}
