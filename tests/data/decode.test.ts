import { copyFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDomain } from "../../src/data/index.js";
import { decodeImage } from "../../src/data/decode.js";
import { hopFor, tempDir, writeImage } from "./fixtures.js";

describe("decodeImage", () => {
  it("reads PNG, JPEG, WebP and TIFF to the asked size and channels", async () => {
    const dir = tempDir();
    for (const format of ["png", "jpeg", "webp", "tiff"] as const) {
      await writeImage(join(dir, `x.${format}`), { format, size: 32, colour: [0, 0, 255] });
      const pixels = await decodeImage(readFileSync(join(dir, `x.${format}`)), { height: 4, width: 6, channels: 3 });
      expect(pixels.length).toBe(4 * 6 * 3);
      // The bottom-right pixel is the blue background, whatever the format's losses.
      const last = pixels.subarray(pixels.length - 3);
      expect(last[2]).toBeGreaterThan(200);
      expect(last[0]).toBeLessThan(40);
    }
  });

  it("expands greyscale to RGB, drops alpha, and reduces RGB to one channel when asked", async () => {
    const dir = tempDir();
    await writeImage(join(dir, "grey.png"), { channels: 1, colour: [90, 90, 90] });
    await writeImage(join(dir, "rgba.png"), { channels: 4, colour: [10, 200, 30] });
    const grey = await decodeImage(readFileSync(join(dir, "grey.png")), { height: 2, width: 2, channels: 3 });
    const [r, g, b] = grey.subarray(9, 12);
    expect([g, b]).toEqual([r, r]);
    expect(Math.abs(r - 90)).toBeLessThanOrEqual(2);
    const rgba = await decodeImage(readFileSync(join(dir, "rgba.png")), { height: 2, width: 2, channels: 3 });
    expect(rgba.length).toBe(12);
    // Within a few levels: lanczos3 rings slightly near the fixture's white corner.
    Array.from(rgba.subarray(9, 12)).forEach((v, c) => expect(Math.abs(v - [10, 200, 30][c])).toBeLessThanOrEqual(3));
    const mono = await decodeImage(readFileSync(join(dir, "rgba.png")), { height: 2, width: 2, channels: 1 });
    expect(mono.length).toBe(4);
  });

  it("averages areas when shrinking instead of skipping pixels", async () => {
    // A 1-pixel checkerboard shrunk 8 times must come out mid-grey, not black or white.
    const { default: sharp } = await import("sharp");
    const board = Buffer.alloc(64 * 64);
    for (let i = 0; i < board.length; i++) board[i] = ((i % 64) + Math.floor(i / 64)) % 2 === 0 ? 255 : 0;
    const png = await sharp(board, { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer();
    const pixels = await decodeImage(png, { height: 8, width: 8, channels: 1 });
    for (const v of pixels) expect(Math.abs(v - 128)).toBeLessThan(12);
  });
});

describe("the decoded-image cache", () => {
  it("holds one entry per distinct content and size, shared by copies under other names", async () => {
    const dir = tempDir();
    await writeImage(join(dir, "data/a/1.png"), { colour: [1, 2, 3] });
    await writeImage(join(dir, "data/b/2.png"), { colour: [4, 5, 6] });
    copyFileSync(join(dir, "data/a/1.png"), join(dir, "data/b/copy.png"));
    const cacheDir = join(dir, "cache");
    const load = (height: number) =>
      loadDomain(hopFor({ kind: "imagefolder", path: "data" }), { baseDir: dir, cacheDir, skipBadImages: false, image: { height, width: height, channels: 3 } });
    await load(4);
    const entries = (folder: string): string[] =>
      readdirSync(folder).flatMap((name) => (statSync(join(folder, name)).isDirectory() ? entries(join(folder, name)) : [join(folder, name)]));
    expect(entries(cacheDir).length).toBe(2);
    expect(entries(cacheDir).every((e) => statSync(e).size === 4 * 4 * 3)).toBe(true);
    await load(4);
    expect(entries(cacheDir).length).toBe(2);
    await load(5);
    expect(entries(cacheDir).length).toBe(4);
  });
});
