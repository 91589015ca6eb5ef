import { basename, extname, join } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { Sizing } from "../inference/input-size.js";
import type { CamModel } from "./cam-model.js";
import { readModelImage, type ModelImage } from "../inference/read-image.js";
import type { TfNamespace } from "../tf.js";
import { faithfulness, type Faithfulness } from "./faithfulness-summary.js";
import { combineFaithfulness } from "./faithfulness-total.js";
import { layerCamBatch, type CamTarget } from "./layer-cam.js";
import { fuseMaps } from "./normalize.js";
import { gridPng, type PictureInput } from "./render.js";
import { modelScorer } from "./scorer.js";
import type { CamLayer } from "./targets.js";
import { modelTopology } from "./topology.js";
import { uniqueStems, writeMap, type MapFiles } from "./write-maps.js";

export interface MapFilesOptions {
  files: readonly string[];
  layers: readonly CamLayer[];
  target: CamTarget;
  sizing: Sizing;
  outDir: string;
  metrics: boolean;
  /** Images per forward and backward pass (1 under `--native`, where sizes differ). */
  batch: number;
  onProgress?(done: number, total: number): void;
}

export interface ImageMaps {
  file: string;
  /** The explained class, and its probability. */
  class: string;
  probability: number;
  /** Per label (each layer's, then `fused` with several layers). */
  maps: Record<string, MapFiles>;
}

export interface MapFilesResult {
  images: ImageMaps[];
  /** One grid per explained class. */
  grids: string[];
  /** Per label, when asked for. */
  metrics: Record<string, Faithfulness> | null;
}

/** Grids show at most this many images per class, the first ones given. */
export const GRID_ROWS = 16;

/**
 * `thtl cam` over image files: maps per image and layer (and fused), a grid per class, and,
 * with `metrics`, the faithfulness of each layer's maps. Works batch by batch, so memory holds
 * one batch and the grids' images, whatever the number of files.
 */
export async function mapFiles(tf: TfNamespace, loaded: CamModel, options: MapFilesOptions): Promise<MapFilesResult> {
  const { files, layers, outDir } = options;
  const labels = [...layers.map((l) => l.label), ...(layers.length > 1 ? ["fused"] : [])];
  const stems = uniqueStems(files.map((f) => basename(f, extname(f))));
  const images: ImageMaps[] = [];
  const grids = new Map<number, { label: string; picture: PictureInput; cells: Float32Array[] }[]>();
  const parts = new Map<string, Faithfulness[]>(labels.map((l) => [l, []]));
  const batch = options.sizing.kind === "native" ? 1 : options.batch;
  for (let start = 0; start < files.length; start += batch) {
    const group = await Promise.all(
      files
        .slice(start, start + batch)
        .map((f) => readModelImage(f, options.sizing, loaded.metadata.normalization, loaded.metadata.input.channels)),
    );
    const { height, width, channels } = group[0]!;
    const model = loaded.at(height, width);
    const input = tf.tensor4d(concat(group), [group.length, height, width, channels]);
    let result;
    try {
      result = layerCamBatch(
        tf,
        model,
        modelTopology(model),
        input,
        layers.map((l) => l.layer),
        options.target,
      );
    } finally {
      input.dispose();
    }
    const classes = loaded.metadata.classes.length;
    const pixels = height * width;
    for (const [i, image] of group.entries()) {
      const target = result.targets[i]!;
      const perLayer = result.maps.map((m) => m.slice(i * pixels, (i + 1) * pixels));
      const all = layers.length > 1 ? [...perLayer, fuseMaps(perLayer)] : perLayer;
      const picture = { image: image.pixels, height, width, channels };
      const className = loaded.metadata.classes[target] ?? String(target);
      const maps = Object.fromEntries(
        labels.map((label, l) => [
          label,
          writeMap(
            outDir,
            stems[start + i]!,
            label,
            picture,
            all[l]!,
            `${basename(image.file)} · ${label} · ${className}`,
          ),
        ]),
      );
      images.push({
        file: image.file,
        class: className,
        probability: softmaxAt(result.logits.subarray(i * classes, (i + 1) * classes), target),
        maps,
      });
      const rows = grids.get(target) ?? [];
      if (rows.length < GRID_ROWS) rows.push({ label: stems[start + i]!, picture, cells: all });
      grids.set(target, rows);
    }
    if (options.metrics) {
      const score = modelScorer(tf, model, { height, width, channels });
      const batchImages = concat(group);
      for (const [l, label] of labels.entries()) {
        const maps = new Float32Array(group.length * pixels);
        group.forEach((_, i) => maps.set(mapOf(result.maps, l, i, pixels, layers.length), i * pixels));
        parts
          .get(label)!
          .push(await faithfulness(score, batchImages, maps, result.targets, { height, width, channels }));
      }
    }
    options.onProgress?.(Math.min(files.length, start + batch), files.length);
  }
  const gridFiles = [...grids.entries()]
    .sort(([a], [b]) => a - b)
    .map(([target, rows]) => {
      const path = join(outDir, `grid.${safe(loaded.metadata.classes[target] ?? String(target))}.png`);
      writeFileAtomic(path, gridPng(rows, labels));
      return path;
    });
  const metrics = options.metrics
    ? Object.fromEntries(labels.map((l) => [l, combineFaithfulness(parts.get(l)!)!]))
    : null;
  return { images, grids: gridFiles, metrics };
}

/** Map `l` of image `i`: a layer's, or (past the layers) the fusion of all of them. */
function mapOf(maps: Float32Array[], l: number, i: number, pixels: number, layers: number): Float32Array {
  const own = (m: Float32Array) => m.subarray(i * pixels, (i + 1) * pixels);
  return l < layers ? own(maps[l]!) : fuseMaps(maps.map(own));
}

function concat(group: readonly ModelImage[]): Float32Array {
  const out = new Float32Array(group.reduce((sum, g) => sum + g.input.length, 0));
  group.reduce((offset, g) => (out.set(g.input, offset), offset + g.input.length), 0);
  return out;
}

function softmaxAt(logits: Float32Array, target: number): number {
  const max = Math.max(...logits);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  return exps[target]! / exps.reduce((a, b) => a + b, 0);
}

/** A class name as part of a file name. */
function safe(name: string): string {
  return name.replace(/[^\w.-]+/g, "_");
}
