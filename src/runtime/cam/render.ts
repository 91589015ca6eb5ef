import { createCanvas, ImageData, type Canvas, type SKRSContext2D } from "@napi-rs/canvas";
import { jet, overlayPixels } from "./colormap.js";

/** An image (HWC, 0-255) with the maps to draw over it. */
export interface PictureInput {
  image: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/** Overlays are drawn at least this tall, so that 64 x 64 inputs are readable. */
const MIN_CELL = 160;
const BAR = 14;
const FONT = "12px sans-serif";

/** The map over the image, enlarged to a readable size, with the colour bar on its right. */
export function overlayPng(picture: PictureInput, map: Float32Array, title: string): Buffer {
  const scale = cellScale(picture.height);
  const [h, w] = [picture.height * scale, picture.width * scale];
  const canvas = createCanvas(Math.max(w + 56, measure(title) + 8), h + 24);
  const ctx = background(canvas);
  label(ctx, title, 4, 15);
  drawOverlay(ctx, picture, map, 0, 24, scale);
  colourBar(ctx, w + 8, 24, h);
  return canvas.encodeSync("png");
}

/**
 * A grid of overlays: one row per image (labelled), one column per map (headed), and one colour
 * bar. `cells[row][column]` is a map, or null for an empty cell.
 */
export function gridPng(
  rows: { label: string; picture: PictureInput; cells: (Float32Array | null)[] }[],
  columns: readonly string[],
): Buffer {
  const first = rows[0]!.picture;
  const scale = cellScale(first.height);
  const [h, w] = [first.height * scale, first.width * scale];
  const gap = 4;
  const left = 4 + Math.max(...rows.map((r) => measure(r.label)), 0) + 8;
  const top = 22;
  const width = left + columns.length * (w + gap) + 48;
  const canvas = createCanvas(width, top + rows.length * (h + gap));
  const ctx = background(canvas);
  columns.forEach((column, c) => label(ctx, fit(column, w), left + c * (w + gap), 15));
  rows.forEach((row, r) => {
    const y = top + r * (h + gap);
    label(ctx, row.label, 4, y + h / 2 + 4);
    row.cells.forEach((map, c) => {
      if (map) drawOverlay(ctx, row.picture, map, left + c * (w + gap), y, scale);
    });
  });
  colourBar(ctx, left + columns.length * (w + gap) + 2, top, Math.min(h * rows.length, 240));
  return canvas.encodeSync("png");
}

/** The image alone, at its own size. */
export function plainPng(picture: PictureInput): Buffer {
  const canvas = createCanvas(picture.width, picture.height);
  const rgba = new Uint8ClampedArray(picture.height * picture.width * 4);
  for (let p = 0; p < picture.height * picture.width; p++) {
    for (let c = 0; c < 3; c++)
      rgba[p * 4 + c] = picture.image[p * picture.channels + (picture.channels === 1 ? 0 : c)]!;
    rgba[p * 4 + 3] = 255;
  }
  canvas.getContext("2d").putImageData(new ImageData(rgba, picture.width, picture.height), 0, 0);
  return canvas.encodeSync("png");
}

function cellScale(height: number): number {
  return Math.max(1, Math.ceil(MIN_CELL / height));
}

function background(canvas: Canvas): SKRSContext2D {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  return ctx;
}

function drawOverlay(
  ctx: SKRSContext2D,
  picture: PictureInput,
  map: Float32Array,
  x: number,
  y: number,
  scale: number,
): void {
  const small = createCanvas(picture.width, picture.height);
  const pixels = overlayPixels(picture.image, map, picture.channels);
  small.getContext("2d").putImageData(new ImageData(pixels, picture.width, picture.height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, x, y, picture.width * scale, picture.height * scale);
}

function colourBar(ctx: SKRSContext2D, x: number, y: number, height: number): void {
  for (let row = 0; row < height; row++) {
    const [r, g, b] = jet(1 - row / Math.max(1, height - 1));
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x, y + row, BAR, 1);
  }
  label(ctx, "1", x + BAR + 4, y + 10);
  label(ctx, "0.5", x + BAR + 4, y + height / 2 + 4);
  label(ctx, "0", x + BAR + 4, y + height);
}

function label(ctx: SKRSContext2D, text: string, x: number, y: number): void {
  ctx.fillStyle = "#000000";
  ctx.font = FONT;
  ctx.fillText(text, x, y);
}

function measure(text: string): number {
  const ctx = createCanvas(1, 1).getContext("2d");
  ctx.font = FONT;
  return Math.ceil(ctx.measureText(text).width);
}

/** The text cut with an ellipsis to fit `width` pixels. */
function fit(text: string, width: number): string {
  if (measure(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && measure(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
