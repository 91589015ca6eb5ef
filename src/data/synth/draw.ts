import type { SKRSContext2D } from "@napi-rs/canvas";
import type { Random } from "../random.js";

/**
 * Drawing helpers shared by the generators. Scenes are drawn in unit coordinates (the canvas is
 * scaled so that the image spans 0..1 on both axes), so every generator works at any size.
 */
export type Context = SKRSContext2D;

/** A point on a vessel's centre line and the vessel's width there. */
export interface VesselPoint {
  x: number;
  y: number;
  width: number;
}

export interface WalkOptions {
  steps: number;
  /** Length of one step. */
  step: number;
  /** Steady turn per step (radians): arcs and coils. */
  turn: number;
  /** Random turn per step (standard deviation, radians): tortuosity. */
  wobble: number;
  /** Width at a fraction 0..1 along the walk. */
  width: (along: number) => number;
  /** Stops the walk when it leaves the region. */
  inside?: (x: number, y: number) => boolean;
}

/** A smooth random walk from (x, y) heading `angle`: the centre line of one vessel. */
export function walk(rng: Random, x: number, y: number, angle: number, options: WalkOptions): VesselPoint[] {
  const points: VesselPoint[] = [{ x, y, width: options.width(0) }];
  let heading = angle;
  let drift = 0;
  for (let i = 1; i <= options.steps; i++) {
    // The random turn is low-pass filtered so that vessels curve rather than zig-zag.
    drift = 0.7 * drift + 0.3 * rng.gauss() * options.wobble * 2;
    heading += options.turn + drift;
    x += Math.cos(heading) * options.step;
    y += Math.sin(heading) * options.step;
    if (options.inside && !options.inside(x, y)) break;
    points.push({ x, y, width: options.width(i / options.steps) });
  }
  return points;
}

/**
 * Strokes a vessel; its width may vary along it. Consecutive segments of nearly the same width
 * (within 20%) are stroked as one polyline, which is much faster than a stroke per segment and
 * looks the same at the sizes generated.
 */
export function strokeVessel(ctx: Context, points: readonly VesselPoint[], colour: string): void {
  ctx.strokeStyle = colour;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  let start = 0;
  while (start < points.length - 1) {
    const width = points[start].width;
    let end = start + 1;
    while (end < points.length - 1 && Math.abs(points[end + 1].width - width) <= width * 0.2) end++;
    ctx.lineWidth = (width + points[end].width) / 2;
    ctx.beginPath();
    ctx.moveTo(points[start].x, points[start].y);
    for (let i = start + 1; i <= end; i++) ctx.lineTo(points[i].x, points[i].y);
    ctx.stroke();
    start = end;
  }
}

/** A filled circle with a soft edge: `inner` at the centre fading to transparent `outer`. */
export function softSpot(ctx: Context, x: number, y: number, radius: number, inner: string, outer: string): void {
  const gradient = ctx.createRadialGradient(x, y, 0, x, y, radius);
  gradient.addColorStop(0, inner);
  gradient.addColorStop(1, outer);
  ctx.fillStyle = gradient;
  ctx.beginPath();
  ctx.arc(x, y, radius, 0, Math.PI * 2);
  ctx.fill();
}

/** An irregular blob: a closed curve through jittered points on a circle. */
export function blob(ctx: Context, rng: Random, x: number, y: number, radius: number, roughness: number, stretch = 1, angle = 0): void {
  const corners = 9;
  const points = Array.from({ length: corners }, (_, i) => {
    const t = (i / corners) * Math.PI * 2;
    const r = radius * (1 + roughness * (rng.next() * 2 - 1));
    const px = Math.cos(t) * r * stretch;
    const py = Math.sin(t) * r;
    return { x: x + px * Math.cos(angle) - py * Math.sin(angle), y: y + px * Math.sin(angle) + py * Math.cos(angle) };
  });
  ctx.beginPath();
  const mid = (i: number) => {
    const a = points[i % corners];
    const b = points[(i + 1) % corners];
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  };
  ctx.moveTo(mid(0).x, mid(0).y);
  for (let i = 1; i <= corners; i++) ctx.quadraticCurveTo(points[i % corners].x, points[i % corners].y, mid(i).x, mid(i).y);
  ctx.closePath();
  ctx.fill();
}

export function rgb(r: number, g: number, b: number, a = 1): string {
  const c = (v: number) => Math.round(Math.min(255, Math.max(0, v)));
  return a >= 1 ? `rgb(${c(r)},${c(g)},${c(b)})` : `rgba(${c(r)},${c(g)},${c(b)},${a.toFixed(3)})`;
}
