import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { afterEach } from "vitest";
import type { PlanHop } from "../../src/plan/types.js";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "thtl-data-"));
  made.push(dir);
  return dir;
}

/** Writes a small solid-colour image (plus a bright square so flips and crops show). */
export async function writeImage(
  path: string,
  options: { format?: "png" | "jpeg" | "webp" | "tiff"; size?: number; colour?: [number, number, number]; channels?: 1 | 3 | 4 } = {},
): Promise<void> {
  const size = options.size ?? 16;
  const channels = options.channels ?? 3;
  const [r, g, b] = options.colour ?? [200, 40, 20];
  const pixels = Buffer.alloc(size * size * channels);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bright = x < size / 4 && y < size / 4;
      const rgba = bright ? [255, 255, 255, 255] : [r, g, b, 128];
      for (let c = 0; c < channels; c++) pixels[(y * size + x) * channels + c] = channels === 1 ? rgba[0] : rgba[c];
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  const image = sharp(pixels, { raw: { width: size, height: size, channels } });
  const format = options.format ?? "png";
  writeFileSync(path, await image.toFormat(format).toBuffer());
}

export function writeText(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** A plan hop for a data source, with the defaults the tests do not care about. */
export function hopFor(data: PlanHop["data"], overrides: Partial<PlanHop> = {}): PlanHop {
  return {
    domain: "test",
    data,
    classes: [],
    positive: null,
    head: "new",
    split: { train: 80, val: 20, test: 0, seed: 1 },
    augment: [],
    normalization: { mean: [0, 0, 0], std: [1, 1, 1], source: "none" },
    stages: [],
    ...overrides,
  };
}

export const RGB8 = { height: 8, width: 8, channels: 3 as const };
