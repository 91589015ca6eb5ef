import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { npyBytes } from "./npy.js";
import { overlayPng, type PictureInput } from "./render.js";

/** The files of one image's map at one layer (or `fused`). */
export interface MapFiles {
  npy: string;
  png: string;
}

/**
 * Writes `OUT/STEM.LABEL.npy` (float32, H x W) and `OUT/STEM.LABEL.png` (the map over the image,
 * with a colour bar), each atomically.
 */
export function writeMap(
  outDir: string,
  stem: string,
  label: string,
  picture: PictureInput,
  map: Float32Array,
  title: string,
): MapFiles {
  const npy = join(outDir, `${stem}.${label}.npy`);
  const png = join(outDir, `${stem}.${label}.png`);
  writeFileAtomic(npy, npyBytes(map, [picture.height, picture.width]));
  writeFileAtomic(png, overlayPng(picture, map, title));
  return { npy, png };
}

/** File stems unique within one output folder: a repeated name gets `-2`, `-3`, ... */
export function uniqueStems(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}-${count}`;
  });
}
