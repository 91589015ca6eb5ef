import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { RunMetrics } from "../record-types.js";
import { npyValues } from "./npy.js";
import { gridPng, type PictureInput } from "./render.js";
import type { StageMapsIndex } from "./types.js";

/** A run folder that cannot be compared; the message names it and says what to do. */
export class CompareError extends Error {}

interface Column {
  title: string;
  dir: string;
  index: StageMapsIndex;
}

/**
 * The study's figure from runs trained with `--cam N`: one row per mapped image of the target
 * domain (the last hop), one column per run and stage, each cell the map at `label` (default: the
 * deepest group every column mapped). Returns the PNG and the label and domain it shows.
 */
export async function compareFigure(
  runDirs: readonly string[],
  label: string | undefined,
): Promise<{ png: Buffer; label: string; domain: string }> {
  const columns = runDirs.flatMap((dir) => runColumns(dir));
  const domains = [...new Set(columns.map((c) => c.index.domain))];
  if (domains.length > 1)
    throw new CompareError(
      `the runs' target domains differ (${domains.join(", ")}): compare runs that end on the same domain`,
    );
  const shown = label ?? commonLabel(columns);
  const missing = columns.find((c) => !c.index.labels.includes(shown));
  if (missing)
    throw new CompareError(
      `${missing.title} has no maps at '${shown}' (it has ${missing.index.labels.join(", ")}): choose one with --layer`,
    );
  const rows = await Promise.all(
    columns[0]!.index.images.map(async (image) => ({
      label: `${image.stem} (${image.class})`,
      picture: await readPicture(join(columns[0]!.dir, image.image)),
      cells: columns.map((c) => {
        const file = join(c.dir, `${image.stem}.${shown}.npy`);
        return existsSync(file) ? npyValues(readFileSync(file)) : null;
      }),
    })),
  );
  return {
    png: gridPng(
      rows,
      columns.map((c) => c.title),
    ),
    label: shown,
    domain: domains[0]!,
  };
}

/** The stages of a run's last hop that kept maps, as columns titled `EXPERIMENT · STAGE`. */
function runColumns(runDir: string): Column[] {
  const metricsFile = join(runDir, "metrics.json");
  if (!existsSync(metricsFile)) throw new CompareError(`'${runDir}' is not a run folder (no metrics.json)`);
  const metrics = JSON.parse(readFileSync(metricsFile, "utf8")) as RunMetrics;
  const stages = metrics.hops.at(-1)?.stages.filter((s) => s.cam) ?? [];
  if (stages.length === 0)
    throw new CompareError(`run ${metrics.runId} kept no maps of its last hop: train it with \`thtl run --cam N\``);
  const experiment = metrics.runId.split("/")[0]!;
  return stages.map((s) => {
    const dir = join(runDir, s.cam!.dir);
    return {
      title: `${experiment} · ${s.name}`,
      dir,
      index: JSON.parse(readFileSync(join(dir, "maps.json"), "utf8")) as StageMapsIndex,
    };
  });
}

/** The deepest group that every column mapped (the fusion differs between schedules, so never it). */
function commonLabel(columns: readonly Column[]): string {
  const shared = columns[0]!.index.labels.filter(
    (l) => l !== "fused" && columns.every((c) => c.index.labels.includes(l)),
  );
  if (shared.length === 0) throw new CompareError("the runs mapped no group in common: choose a label with --layer");
  return shared.at(-1)!;
}

async function readPicture(file: string): Promise<PictureInput> {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    image: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    height: info.height,
    width: info.width,
    channels: info.channels,
  };
}
