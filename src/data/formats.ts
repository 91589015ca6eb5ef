import { extname } from "node:path";

/** What sharp decodes for us; a file's extension decides whether it is listed as an image. */
const READABLE = new Set([".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff"]);

/** Image files thtl does not read: reported rather than silently passed over. */
const UNREADABLE = new Set([".bmp", ".gif", ".heic", ".heif", ".avif", ".jp2", ".dcm", ".svg", ".ppm", ".pgm"]);

export type FileKind = "image" | "unsupported image" | "other";

export function fileKind(name: string): FileKind {
  const ext = extname(name).toLowerCase();
  if (READABLE.has(ext)) return "image";
  if (UNREADABLE.has(ext)) return "unsupported image";
  return "other";
}

/** `BMP` for `scan.bmp`: how THTL3011 names the format. */
export function formatName(name: string): string {
  return extname(name).slice(1).toUpperCase();
}
