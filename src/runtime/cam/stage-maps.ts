import { basename, extname, join, relative } from "node:path";
import type { LayersModel } from "@tensorflow/tfjs-layers";
import type { PlanHop } from "../../plan/types.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import type { HopData } from "../data-source.js";
import type { TfNamespace } from "../tf.js";
import { displayPixels } from "./colormap.js";
import { faithfulness } from "./faithfulness-summary.js";
import type { StageCamRecord, StageMapsIndex } from "./types.js";
import { layerCamBatch } from "./layer-cam.js";
import { fuseMaps } from "./normalize.js";
import { gridPng, plainPng } from "./render.js";
import { modelScorer } from "./scorer.js";
import { balancedSelection, mappedGroups } from "./selection.js";
import { CamLayerError, resolveCamLayers } from "./targets.js";
import { modelTopology } from "./topology.js";
import { uniqueStems, writeMap } from "./write-maps.js";

export interface StageMapsRequest {
  tf: TfNamespace;
  runId: string;
  runDir: string;
  model: LayersModel;
  layers: readonly { name: string; group: string }[];
  groups: readonly string[];
  hop: PlanHop;
  hopDir: string;
  stage: string;
  data: HopData;
  count: number;
}

/**
 * Maps of `count` fixed validation images after a stage (issue 13), at the groups the hop trains,
 * each image's map explaining its true class, under `RUN/cam/HOP/STAGE/`: per image and label
 * `.npy` and `.png`, `grid.png`, and `maps.json`; the images themselves once per hop under
 * `RUN/cam/HOP/images/`. Returns what `metrics.json` records, faithfulness included; null, and
 * nothing written, when the hop has no validation images.
 */
export async function stageMaps(request: StageMapsRequest): Promise<StageCamRecord | null> {
  const { tf, data, hop, model } = request;
  const positions = balancedSelection(data.files.val, hop.classes.length, request.count);
  if (positions.length === 0) return null;
  const trained = new Set(hop.stages.flatMap((s) => [...s.trainable, ...s.partial.map((p) => p.group)]));
  const groups = mappedGroups(request.groups, trained, (g) => hasFeatureMap(model, request.layers, g));
  const layers = resolveCamLayers(model, groups, request.layers);
  const labels = [...layers.map((l) => l.label), ...(layers.length > 1 ? ["fused"] : [])];
  const { height, width, channels } = data.image;
  const inputs = await validationImages(data, positions, height * width * channels);
  const targets = Int32Array.from(positions, (p) => data.files.val[p]!.label);
  const images = tf.tensor4d(inputs, [positions.length, height, width, channels]);
  const result = (() => {
    try {
      return layerCamBatch(
        tf,
        model,
        modelTopology(model),
        images,
        layers.map((l) => l.layer),
        targets,
      );
    } finally {
      images.dispose();
    }
  })();
  const pixels = height * width;
  const dir = join(request.runDir, "cam", request.hopDir, safeName(request.stage));
  const stems = uniqueStems(positions.map((p) => basename(data.files.val[p]!.file, extname(data.files.val[p]!.file))));
  const size = pixels * channels;
  const rows = positions.map((_, i) => {
    const picture = {
      image: displayPixels(inputs.subarray(i * size, (i + 1) * size), hop.normalization.mean, hop.normalization.std),
      height,
      width,
      channels,
    };
    const own = result.maps.map((m) => m.subarray(i * pixels, (i + 1) * pixels));
    const cells = layers.length > 1 ? [...own, fuseMaps(own)] : own;
    const className = hop.classes[targets[i]!]!;
    labels.forEach((label, l) =>
      writeMap(dir, stems[i]!, label, picture, cells[l]!, `${stems[i]} · ${label} · ${className}`),
    );
    writeFileAtomic(join(request.runDir, "cam", request.hopDir, "images", `${stems[i]}.png`), plainPng(picture));
    return { label: `${stems[i]} (${className})`, picture, cells };
  });
  writeFileAtomic(join(dir, "grid.png"), gridPng(rows, labels));
  const index: StageMapsIndex = {
    runId: request.runId,
    domain: hop.domain,
    stage: request.stage,
    labels,
    images: positions.map((p, i) => ({
      stem: stems[i]!,
      file: data.files.val[p]!.file,
      class: hop.classes[targets[i]!]!,
      image: `../images/${stems[i]}.png`,
    })),
  };
  writeFileAtomic(join(dir, "maps.json"), `${JSON.stringify(index, null, 2)}\n`);
  // Faithfulness costs about 70 forward passes per image and map, so a stage measures one map:
  // the deepest group's, which every schedule's runs map, so that arms compare as numbers.
  const measured = layers.length - 1;
  const maps = new Float32Array(positions.length * pixels);
  rows.forEach((row, i) => maps.set(row.cells[measured]!, i * pixels));
  const metrics = {
    [labels[measured]!]: await faithfulness(modelScorer(tf, model, data.image), inputs, maps, targets, data.image),
  };
  return {
    dir: relative(request.runDir, dir),
    images: positions.length,
    layers: layers.map(({ label, layer }) => ({ label, layer })),
    metrics,
  };
}

async function validationImages(data: HopData, positions: readonly number[], size: number): Promise<Float32Array> {
  const out = new Float32Array(positions.length * size);
  const wanted = new Map(positions.map((p, i) => [p, i]));
  for await (const batch of data.batches("val", { batchSize: 64, shuffle: false, epoch: 0, augment: false })) {
    batch.indices.forEach((p, j) => {
      const at = wanted.get(p);
      if (at !== undefined) out.set(batch.images.subarray(j * size, (j + 1) * size), at * size);
    });
  }
  return out;
}

function hasFeatureMap(model: LayersModel, layers: readonly { name: string; group: string }[], group: string): boolean {
  try {
    resolveCamLayers(model, [group], layers);
    return true;
  } catch (error) {
    if (error instanceof CamLayerError) return false;
    throw error;
  }
}

/** A stage or domain name as a folder name. */
export function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, "_");
}
