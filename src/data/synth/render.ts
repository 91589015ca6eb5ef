import { createCanvas } from "@napi-rs/canvas";
import { Random } from "../random.js";
import type { Context } from "./draw.js";
import { finish, type Imperfections } from "./finish.js";
import { drawFundus } from "./fundus.js";
import type { SynthKind } from "./kinds.js";
import { drawLarynx } from "./larynx.js";
import { drawNatural } from "./natural.js";

/**
 * Bump whenever any generator's output changes: cached synthetic domains are keyed by it, so a
 * changed generator is never mixed with images from an older one.
 */
export const GENERATOR_VERSION = 2;

const DRAW: Record<SynthKind, (ctx: Context, label: number, rng: Random) => Imperfections> = {
  natural: drawNatural,
  fundus: drawFundus,
  larynx: drawLarynx,
};
const KIND_ID: Record<SynthKind, number> = { natural: 1, fundus: 2, larynx: 3 };

/**
 * Renders image `index` of class `label` as PNG bytes. Its randomness depends only on
 * (seed, kind, label, index), so an image is the same whatever else is generated with it, and
 * the same seed always gives byte-identical files (Skia's PNG encoder writes no timestamps).
 */
export function renderSynth(kind: SynthKind, label: number, seed: number, index: number, size: { height: number; width: number }): Buffer {
  const rng = new Random(seed, KIND_ID[kind], label, index);
  const scene = createCanvas(size.width, size.height);
  const ctx = scene.getContext("2d");
  ctx.scale(size.width, size.height);
  const look = DRAW[kind](ctx, label, rng);
  // encodeSync: the asynchronous encoder crashed the process now and then (a canvas collected
  // while its encode was still running on another thread, it seems); at these sizes it is cheap.
  return finish(scene, rng, look).encodeSync("png");
}
