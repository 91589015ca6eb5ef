import type { Random } from "../random.js";
import { rgb, softSpot, strokeVessel, walk, type Context, type VesselPoint } from "./draw.js";
import type { Imperfections } from "./finish.js";

/**
 * A close-up laryngoscopic view of pink mucosa. `benign` (label 0): smooth vessels of even
 * calibre running mostly along one direction (along the vocal fold), branching at shallow angles.
 * `malignant` (label 1): besides some such vessels, a lesion area of intraepithelial papillary
 * capillary loop (IPCL)-like vessels: short, twisted, looping, tangled, with irregular calibre.
 * Vessel density, tortuosity and the lesion's size vary per image, so that a few benign images
 * are fairly tortuous and a few malignant lesions are small.
 */
export function drawLarynx(ctx: Context, label: number, rng: Random): Imperfections {
  const axis = Math.PI / 2 + rng.range(-0.45, 0.45); // the fold's direction, near vertical
  drawMucosa(ctx, rng);
  const vessel = () => rgb(rng.range(110, 160), rng.range(15, 40), rng.range(35, 60), rng.range(0.75, 0.95));
  for (let i = rng.int(8, 20); i > 0; i--) drawCapillary(ctx, rng, axis);
  const longitudinal = label === 0 ? rng.int(4, 9) : rng.int(1, 5);
  const tortuosity = label === 0 ? rng.range(0.01, 0.05) : rng.range(0.03, 0.09);
  for (let i = 0; i < longitudinal; i++) drawLongitudinal(ctx, rng, axis, tortuosity, vessel());
  // Some benign mucosa (inflammation) shows a few curled capillaries too: a weak, misleading cue.
  if (label === 1) drawLesion(ctx, rng, vessel, rng.range(25, 80), 0.55);
  else if (rng.chance(0.35)) drawLesion(ctx, rng, vessel, rng.range(2, 10), 0.3);
  drawHighlights(ctx, rng);
  return {
    blur: rng.range(0, 0.01),
    unevenLight: rng.range(0.05, 0.4),
    vignette: rng.range(0.15, 0.55),
    noise: rng.range(1, 7),
  };
}

function drawMucosa(ctx: Context, rng: Random): void {
  const base = { r: rng.range(200, 235), g: rng.range(110, 150), b: rng.range(115, 150) };
  ctx.fillStyle = rgb(base.r, base.g, base.b);
  ctx.fillRect(0, 0, 1, 1);
  for (let i = 0; i < 12; i++) {
    const light = rng.chance(0.5);
    const tone = light ? rgb(base.r + 20, base.g + 35, base.b + 30, 0.35) : rgb(base.r - 40, base.g - 45, base.b - 35, 0.3);
    softSpot(ctx, rng.next(), rng.next(), rng.range(0.1, 0.35), tone, "rgba(0,0,0,0)");
  }
}

function drawLongitudinal(ctx: Context, rng: Random, axis: number, tortuosity: number, colour: string): void {
  const along = axis + rng.range(-0.25, 0.25);
  // Start upstream of the image so that the vessel crosses it.
  const cx = rng.next();
  const cy = rng.next();
  const start = { x: cx - Math.cos(along) * 0.8, y: cy - Math.sin(along) * 0.8 };
  const calibre = rng.range(0.007, 0.018);
  const points = walk(rng, start.x, start.y, along, { steps: 90, step: 0.018, turn: 0, wobble: tortuosity, width: () => calibre });
  submucosal(ctx, points, colour);
  for (let b = rng.int(1, 4); b > 0; b--) {
    const from = points[rng.int(20, points.length - 1)];
    const side = (rng.chance(0.5) ? 1 : -1) * rng.range(0.2, 0.5);
    const branch = walk(rng, from.x, from.y, along + side, { steps: rng.int(10, 35), step: 0.015, turn: -side * 0.015, wobble: tortuosity, width: () => calibre * 0.6 });
    submucosal(ctx, branch, colour);
  }
}

/** A vessel seen through mucosa: a wide faint halo under a sharper core. */
function submucosal(ctx: Context, points: VesselPoint[], colour: string): void {
  ctx.globalAlpha = 0.25;
  strokeVessel(ctx, points.map((p) => ({ ...p, width: p.width * 2.2 })), colour);
  ctx.globalAlpha = 1;
  strokeVessel(ctx, points, colour);
}

/** Fine background capillaries, faint, in both classes. */
function drawCapillary(ctx: Context, rng: Random, axis: number): void {
  const points = walk(rng, rng.next(), rng.next(), axis + rng.range(-0.5, 0.5) + (rng.chance(0.5) ? Math.PI : 0), {
    steps: rng.int(8, 25), step: 0.012, turn: 0, wobble: 0.08, width: () => 0.003,
  });
  strokeVessel(ctx, points, rgb(170, 60, 75, rng.range(0.25, 0.5)));
}

/**
 * IPCL-like loops crowded in a lesion area: coils, worms and tangles. `density` is loops per
 * lesion of radius 0.3; `curl` the largest steady turn per step.
 */
function drawLesion(ctx: Context, rng: Random, colour: () => string, density: number, curl: number): void {
  const centre = { x: rng.range(0.3, 0.7), y: rng.range(0.3, 0.7) };
  const radius = rng.range(0.15, 0.4);
  softSpot(ctx, centre.x, centre.y, radius * 1.2, rgb(190, 80, 90, rng.range(0.15, 0.4)), "rgba(190,80,90,0)");
  const loops = Math.max(1, Math.round(density * (radius / 0.3)));
  for (let i = 0; i < loops; i++) {
    const a = rng.range(0, Math.PI * 2);
    const d = Math.sqrt(rng.next()) * radius;
    const calibre = rng.range(0.005, 0.014);
    const phase = rng.range(0, 6);
    const points: VesselPoint[] = walk(rng, centre.x + Math.cos(a) * d, centre.y + Math.sin(a) * d, rng.range(0, Math.PI * 2), {
      steps: rng.int(8, 24),
      step: rng.range(0.005, 0.01),
      turn: (rng.chance(0.5) ? 1 : -1) * rng.range(curl * 0.35, curl),
      wobble: rng.range(0.25, 0.6),
      // Irregular calibre: swellings and narrowings along the loop.
      width: (t) => calibre * (1 + 0.55 * Math.sin(phase + t * 14) * Math.sin(phase * 2 + t * 5)),
    });
    strokeVessel(ctx, points, colour());
  }
}

/** Specular reflections of the endoscope's light on wet mucosa. */
function drawHighlights(ctx: Context, rng: Random): void {
  for (let i = rng.int(0, 3); i > 0; i--) {
    ctx.save();
    ctx.translate(rng.next(), rng.next());
    ctx.rotate(rng.range(0, Math.PI));
    ctx.scale(rng.range(1.2, 3), 1);
    softSpot(ctx, 0, 0, rng.range(0.015, 0.04), "rgba(255,255,255,0.85)", "rgba(255,255,255,0)");
    ctx.restore();
  }
}
