import type { Faithfulness } from "./faithfulness-summary.js";

/** What `metrics.json` records of a stage's maps. */
export interface StageCamRecord {
  /** The stage's folder of maps, relative to the run folder: `cam/HOP/STAGE`. */
  dir: string;
  images: number;
  /** Map labels (groups, then `fused`) and the layer each group maps at. */
  layers: { label: string; layer: string }[];
  /** Faithfulness of the deepest group's maps (`thtl cam --metrics` measures every label). */
  metrics: Record<string, Faithfulness>;
}

/** `maps.json` in a stage's folder: what `thtl cam --compare` reads. */
export interface StageMapsIndex {
  runId: string;
  domain: string;
  stage: string;
  labels: string[];
  images: { stem: string; file: string; class: string; image: string }[];
}
