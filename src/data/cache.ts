import { createHash } from "node:crypto";
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ImageSize } from "../plan/types.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { BadImageError, decodeImage } from "./decode.js";

/** Bump when decoding changes what a cached image holds, so stale entries are never read. */
const DECODER_VERSION = 1;

/**
 * Decoded, resized images on disk, keyed by the file's content (sha256) and the target size: a
 * renamed or moved file still hits, an edited one misses. Each entry is the raw HWC bytes.
 */
export function cachedImagePath(cacheDir: string, contentHash: string, size: ImageSize): string {
  const folder = `decoded-v${DECODER_VERSION}-${size.height}x${size.width}x${size.channels}`;
  return join(cacheDir, folder, contentHash.slice(0, 2), `${contentHash}.u8`);
}

/**
 * Makes sure `file` has a cache entry, decoding it if not, and returns the entry's path. A decode
 * failure (BadImageError) propagates; the file is then not cached.
 */
export async function ensureCached(file: string, size: ImageSize, cacheDir: string): Promise<string> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new BadImageError(`it cannot be read: ${error.code ?? error.message}`);
  });
  const entry = cachedImagePath(cacheDir, createHash("sha256").update(bytes).digest("hex"), size);
  const existing = await stat(entry).catch(() => undefined);
  if (existing?.size === size.height * size.width * size.channels) return entry;
  writeFileAtomic(entry, await decodeImage(bytes, size));
  return entry;
}

/**
 * Reads a cache entry made by `ensureCached` into `target`, which has the entry's size: a batch
 * reads its images into one buffer rather than allocating one per image.
 */
export async function readCachedInto(entry: string, target: Uint8Array): Promise<void> {
  const file = await open(entry, "r");
  try {
    const { bytesRead } = await file.read(target, 0, target.byteLength, 0);
    if (bytesRead !== target.byteLength) throw new Error(`the cached image ${entry} is truncated; delete it and run again`);
  } finally {
    await file.close();
  }
}
