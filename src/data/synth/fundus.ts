import type { Random } from "../random.js";
import { blob, rgb, softSpot, strokeVessel, walk, type Context } from "./draw.js";
import type { Imperfections } from "./finish.js";

/**
 * A colour fundus photograph of a diabetic retina: a dark orange-red disc on black, a bright optic
 * disc to one side, a darker macula, vessel trees that leave the optic disc radially (the temporal
 * arcades bending around the macula), and lesions whose number and kind grow with the grade
 * (0 `no_dr` ... 4 `proliferative`). Lesion counts overlap between neighbouring grades, as in
 * graded photographs, so grades are not separable by a count alone.
 */
export function drawFundus(ctx: Context, grade: number, rng: Random): Imperfections {
  const eye = { x: 0.5 + rng.range(-0.02, 0.02), y: 0.5 + rng.range(-0.02, 0.02), r: rng.range(0.44, 0.48) };
  const side = rng.chance(0.5) ? 1 : -1; // left or right eye
  const disc = { x: eye.x + side * rng.range(0.17, 0.23), y: eye.y + rng.range(-0.05, 0.05), r: rng.range(0.06, 0.08) };
  const macula = { x: eye.x - side * rng.range(0.05, 0.1), y: eye.y + rng.range(-0.03, 0.03) };
  const inside = (x: number, y: number) => Math.hypot(x - eye.x, y - eye.y) < eye.r * 0.97;

  ctx.fillStyle = "black";
  ctx.fillRect(0, 0, 1, 1);
  drawBackground(ctx, rng, eye, macula);
  ctx.save();
  ctx.beginPath();
  ctx.arc(eye.x, eye.y, eye.r, 0, Math.PI * 2);
  ctx.clip();
  drawVessels(ctx, rng, disc, macula, inside, grade >= 3 ? rng.range(0.2, 0.6) : 0);
  drawOpticDisc(ctx, rng, disc);
  drawLesions(ctx, rng, grade, eye, disc, inside);
  ctx.restore();

  return {
    blur: rng.range(0, 0.012),
    unevenLight: rng.range(0, 0.35),
    vignette: rng.range(0.1, 0.4),
    noise: rng.range(1, 8),
  };
}

type Circle = { x: number; y: number; r: number };
type Spot = { x: number; y: number };

function drawBackground(ctx: Context, rng: Random, eye: Circle, macula: Spot): void {
  const warmth = rng.range(-25, 25);
  const gradient = ctx.createRadialGradient(eye.x, eye.y, eye.r * 0.1, eye.x, eye.y, eye.r);
  gradient.addColorStop(0, rgb(205 + warmth, 95 + warmth * 0.6, 35));
  gradient.addColorStop(0.7, rgb(175 + warmth, 65 + warmth * 0.4, 25));
  gradient.addColorStop(1, rgb(95 + warmth * 0.5, 30, 12));
  ctx.fillStyle = gradient;
  ctx.beginPath();
  ctx.arc(eye.x, eye.y, eye.r, 0, Math.PI * 2);
  ctx.fill();
  // Choroidal mottling: large faint blotches.
  for (let i = 0; i < 14; i++) {
    const a = rng.range(0, Math.PI * 2);
    const d = Math.sqrt(rng.next()) * eye.r;
    const tone = rng.chance(0.5) ? rgb(230, 110, 50, 0.12) : rgb(120, 35, 15, 0.12);
    softSpot(ctx, eye.x + Math.cos(a) * d, eye.y + Math.sin(a) * d, rng.range(0.05, 0.14), tone, "rgba(0,0,0,0)");
  }
  softSpot(ctx, macula.x, macula.y, rng.range(0.09, 0.13), rgb(95, 30, 12, 0.75), rgb(140, 45, 18, 0));
}

function drawOpticDisc(ctx: Context, rng: Random, disc: Circle): void {
  // Drawn over the vessel roots, translucent, so that the vessels show through as they emerge.
  softSpot(ctx, disc.x, disc.y, disc.r * 1.6, rgb(250, 200, 120, 0.45), "rgba(240,160,80,0)");
  const rim = ctx.createRadialGradient(disc.x, disc.y, 0, disc.x, disc.y, disc.r);
  rim.addColorStop(0, rgb(255, 250, 220, 0.9));
  rim.addColorStop(rng.range(0.3, 0.5), rgb(252, 225, 160, 0.7));
  rim.addColorStop(1, rgb(240, 175, 105, 0.55));
  ctx.fillStyle = rim;
  blob(ctx, rng, disc.x, disc.y, disc.r, 0.06, rng.range(0.85, 1));
}

function drawVessels(ctx: Context, rng: Random, disc: Circle, macula: Spot, inside: (x: number, y: number) => boolean, beading: number): void {
  const toMacula = Math.atan2(macula.y - disc.y, macula.x - disc.x);
  const density = rng.range(0.6, 1.2);
  // The four major trunks: temporal arcades curving around the macula, and two nasal ones.
  const trunks = [
    { angle: toMacula - 1.35, turn: 0.028, length: 0.75, depth: 3 },
    { angle: toMacula + 1.35, turn: -0.028, length: 0.75, depth: 3 },
    { angle: toMacula + Math.PI - 0.6, turn: rng.range(-0.01, 0.01), length: 0.45, depth: 3 },
    { angle: toMacula + Math.PI + 0.6, turn: rng.range(-0.01, 0.01), length: 0.45, depth: 3 },
  ];
  const extra = Math.round(3 + 5 * density);
  for (let i = 0; i < extra; i++) {
    trunks.push({ angle: rng.range(0, Math.PI * 2), turn: rng.range(-0.01, 0.01), length: rng.range(0.2, 0.4), depth: 2 });
  }
  for (const trunk of trunks) {
    for (const vein of [true, false]) {
      const angle = trunk.angle + (vein ? 0.12 : -0.12) + rng.range(-0.08, 0.08);
      const width = (vein ? 0.016 : 0.011) * rng.range(0.8, 1.15) * (trunk.length > 0.5 ? 1 : 0.7);
      const colour = vein ? rgb(120 + rng.range(-15, 15), 18, 12) : rgb(170 + rng.range(-15, 15), 35, 20);
      const start = { x: disc.x + Math.cos(angle) * disc.r * 0.3, y: disc.y + Math.sin(angle) * disc.r * 0.3 };
      growTree(ctx, rng, start, angle, trunk.turn, width, trunk.length, trunk.depth, colour, inside, density, vein ? beading : 0);
    }
  }
}

function growTree(
  ctx: Context, rng: Random, start: Spot, angle: number, turn: number, width: number, length: number,
  depth: number, colour: string, inside: (x: number, y: number) => boolean, density: number, beading: number,
): void {
  const step = 0.012;
  const steps = Math.max(2, Math.round(length / step));
  const phase = rng.range(0, 10);
  const points = walk(rng, start.x, start.y, angle, {
    steps, step, turn, wobble: 0.035, inside,
    width: (t) => width * (1 - 0.55 * t) * (1 + beading * Math.sin(phase + t * steps * 1.3)),
  });
  strokeVessel(ctx, points, colour);
  if (depth === 0) return;
  const branches = Math.round(rng.range(1, 3) * density);
  for (let b = 0; b < branches; b++) {
    const at = rng.int(Math.floor(points.length * 0.2), points.length - 1);
    const from = points[at];
    const previous = points[Math.max(0, at - 1)];
    const heading = Math.atan2(from.y - previous.y, from.x - previous.x);
    const sideways = (rng.chance(0.5) ? 1 : -1) * rng.range(0.35, 0.9);
    growTree(ctx, rng, from, heading + sideways, turn * 0.5, from.width * 0.7, length * rng.range(0.3, 0.55), depth - 1, colour, inside, density, beading);
  }
}

function drawLesions(ctx: Context, rng: Random, grade: number, eye: Circle, disc: Circle, inside: (x: number, y: number) => boolean): void {
  const place = () => {
    for (;;) {
      const a = rng.range(0, Math.PI * 2);
      const d = Math.sqrt(rng.next()) * eye.r * 0.9;
      const spot = { x: eye.x + Math.cos(a) * d, y: eye.y + Math.sin(a) * d };
      if (Math.hypot(spot.x - disc.x, spot.y - disc.y) > disc.r * 1.5 && inside(spot.x, spot.y)) return spot;
    }
  };
  const counts = [
    { ma: [0, 0], blot: [0, 0], exudate: [0, 1], cotton: [0, 0], nv: 0 },
    { ma: [1, 6], blot: [0, 1], exudate: [0, 2], cotton: [0, 0], nv: 0 },
    { ma: [3, 12], blot: [1, 6], exudate: [0, 12], cotton: [0, 2], nv: 0 },
    { ma: [6, 18], blot: [6, 18], exudate: [3, 22], cotton: [1, 4], nv: 0 },
    { ma: [4, 16], blot: [3, 14], exudate: [2, 18], cotton: [0, 3], nv: rng.int(1, 3) },
  ][grade];
  for (let i = rng.int(counts.exudate[0], counts.exudate[1]); i > 0; i--) {
    const at = place();
    ctx.fillStyle = rgb(245, 225 + rng.range(-20, 20), 120, rng.range(0.75, 1));
    // Hard exudates come in small clusters.
    for (let k = rng.int(1, 4); k > 0; k--) blob(ctx, rng, at.x + rng.range(-0.02, 0.02), at.y + rng.range(-0.02, 0.02), rng.range(0.005, 0.012), 0.4);
  }
  for (let i = rng.int(counts.cotton[0], counts.cotton[1]); i > 0; i--) {
    const at = place();
    softSpot(ctx, at.x, at.y, rng.range(0.025, 0.045), rgb(250, 235, 200, 0.8), "rgba(250,230,200,0)");
  }
  for (let i = rng.int(counts.blot[0], counts.blot[1]); i > 0; i--) {
    const at = place();
    ctx.fillStyle = rgb(105 + rng.range(-20, 20), 12, 8, rng.range(0.75, 0.95));
    const flame = rng.chance(0.4);
    const radial = Math.atan2(at.y - disc.y, at.x - disc.x);
    blob(ctx, rng, at.x, at.y, rng.range(0.012, 0.03), 0.35, flame ? rng.range(1.8, 2.6) : 1, radial);
  }
  for (let i = rng.int(counts.ma[0], counts.ma[1]); i > 0; i--) {
    const at = place();
    ctx.fillStyle = rgb(115 + rng.range(-20, 20), 15, 10);
    ctx.beginPath();
    ctx.arc(at.x, at.y, rng.range(0.006, 0.011), 0, Math.PI * 2);
    ctx.fill();
  }
  for (let i = 0; i < counts.nv; i++) drawNeovascularisation(ctx, rng, rng.chance(0.5) ? disc : { ...place(), r: 0 }, inside);
  if (grade === 4 && rng.chance(0.3)) {
    const at = place();
    ctx.fillStyle = rgb(95, 8, 5, 0.9);
    blob(ctx, rng, at.x, at.y, rng.range(0.04, 0.07), 0.2, 1.4, rng.range(0, Math.PI));
  }
}

/** New fragile vessels: a frond of fine, tortuous, looping vessels from one spot. */
function drawNeovascularisation(ctx: Context, rng: Random, origin: Circle, inside: (x: number, y: number) => boolean): void {
  softSpot(ctx, origin.x, origin.y, rng.range(0.05, 0.08), "rgba(240,200,170,0.25)", "rgba(240,200,170,0)");
  for (let i = rng.int(12, 22); i > 0; i--) {
    const angle = rng.range(0, Math.PI * 2);
    const start = { x: origin.x + Math.cos(angle) * origin.r, y: origin.y + Math.sin(angle) * origin.r };
    const points = walk(rng, start.x, start.y, angle, {
      steps: rng.int(10, 24), step: 0.007, turn: rng.range(-0.4, 0.4), wobble: 0.5, inside,
      width: () => rng.range(0.004, 0.008),
    });
    strokeVessel(ctx, points, rgb(185, 30, 25, 0.95));
  }
}
