import type { Random } from "../random.js";
import { rgb, type Context } from "./draw.js";
import type { Imperfections } from "./finish.js";

/**
 * A stand-in for natural images, to pretrain a source network without ImageNet: three object
 * classes (`disc`, `polygon`, `star`) on cluttered backgrounds and three textures (`stripes`,
 * `checker`, `dots`), each with random colours, scale, position and rotation. The classes are in
 * `kinds.ts` order.
 */
export function drawNatural(ctx: Context, label: number, rng: Random): Imperfections {
  drawBackground(ctx, rng);
  const colours = () => [randomColour(rng), randomColour(rng)] as const;
  switch (label) {
    case 0:
    case 1:
    case 2:
      drawClutter(ctx, rng);
      drawObject(ctx, rng, label, colours());
      break;
    default:
      drawTexture(ctx, rng, label, colours());
  }
  return { blur: rng.range(0, 0.012), unevenLight: rng.range(0, 0.4), vignette: rng.range(0, 0.3), noise: rng.range(0, 10) };
}

function randomColour(rng: Random): string {
  return `hsl(${rng.range(0, 360).toFixed(1)},${rng.range(25, 95).toFixed(1)}%,${rng.range(20, 80).toFixed(1)}%)`;
}

function drawBackground(ctx: Context, rng: Random): void {
  const a = rng.range(0, Math.PI * 2);
  const gradient = ctx.createLinearGradient(0.5 - Math.cos(a) / 2, 0.5 - Math.sin(a) / 2, 0.5 + Math.cos(a) / 2, 0.5 + Math.sin(a) / 2);
  gradient.addColorStop(0, randomColour(rng));
  gradient.addColorStop(1, randomColour(rng));
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, 1, 1);
}

/** Faint thin strokes and small blobs, so that objects are not the only structure. */
function drawClutter(ctx: Context, rng: Random): void {
  for (let i = rng.int(0, 6); i > 0; i--) {
    ctx.strokeStyle = rgb(rng.range(0, 255), rng.range(0, 255), rng.range(0, 255), rng.range(0.15, 0.4));
    ctx.lineWidth = rng.range(0.004, 0.015);
    ctx.beginPath();
    ctx.moveTo(rng.next(), rng.next());
    ctx.quadraticCurveTo(rng.next(), rng.next(), rng.next(), rng.next());
    ctx.stroke();
  }
}

function drawObject(ctx: Context, rng: Random, label: number, [fill, edge]: readonly [string, string]): void {
  const size = rng.range(0.15, 0.38);
  ctx.save();
  ctx.translate(rng.range(size, 1 - size), rng.range(size, 1 - size));
  ctx.rotate(rng.range(0, Math.PI * 2));
  ctx.scale(size, size * rng.range(0.8, 1.2));
  const shading = ctx.createLinearGradient(-1, -1, 1, 1);
  shading.addColorStop(0, fill);
  shading.addColorStop(1, rgb(0, 0, 0, 0.6));
  ctx.beginPath();
  if (label === 0) {
    ctx.arc(0, 0, 1, 0, Math.PI * 2);
  } else {
    const corners = label === 1 ? rng.int(3, 6) : rng.int(5, 8);
    const inner = rng.range(0.35, 0.55);
    const vertices = label === 1 ? corners : corners * 2;
    for (let i = 0; i < vertices; i++) {
      const r = label === 2 && i % 2 === 1 ? inner : 1;
      const t = (i / vertices) * Math.PI * 2;
      if (i === 0) ctx.moveTo(Math.cos(t) * r, Math.sin(t) * r);
      else ctx.lineTo(Math.cos(t) * r, Math.sin(t) * r);
    }
    ctx.closePath();
  }
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.fillStyle = shading;
  ctx.globalAlpha = rng.range(0, 0.6);
  ctx.fill();
  ctx.globalAlpha = 1;
  ctx.strokeStyle = edge;
  ctx.lineWidth = rng.range(0, 0.12);
  if (ctx.lineWidth > 0.02) ctx.stroke();
  ctx.restore();
}

/** Textures fill a rotated region at least as large as most of the image. */
function drawTexture(ctx: Context, rng: Random, label: number, [ink, paper]: readonly [string, string]): void {
  const period = rng.range(0.06, 0.2);
  ctx.save();
  ctx.translate(0.5, 0.5);
  ctx.rotate(rng.range(0, Math.PI));
  ctx.globalAlpha = rng.range(0.65, 1);
  ctx.fillStyle = paper;
  ctx.fillRect(-1, -1, 2, 2);
  ctx.fillStyle = ink;
  const cells = Math.ceil(1 / period) + 1;
  for (let i = -cells; i <= cells; i++) {
    if (label === 3) {
      ctx.fillRect(i * period, -1, period * rng.range(0.35, 0.6), 2);
      continue;
    }
    for (let j = -cells; j <= cells; j++) {
      if (label === 4 && (i + j) % 2 === 0) ctx.fillRect(i * period, j * period, period, period);
      if (label === 5) {
        ctx.beginPath();
        ctx.arc((i + rng.range(-0.15, 0.15)) * period, (j + rng.range(-0.15, 0.15)) * period, period * rng.range(0.2, 0.35), 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }
  ctx.restore();
}
