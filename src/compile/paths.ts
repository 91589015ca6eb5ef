import { dirname, isAbsolute, join, relative, sep } from "node:path";

/**
 * A path written in `file` (relative to that file's folder), re-expressed relative to the
 * compiled file's folder `rootDir`, with `/` separators, as plans store paths.
 */
export function planPath(written: string, file: string, rootDir: string): string {
  return isAbsolute(written) ? written : relativeTo(rootDir, join(dirname(file), written));
}

/** `path` relative to `folder`, with `/` separators. */
export function relativeTo(folder: string, path: string): string {
  return (relative(folder, path) || ".").split(sep).join("/");
}
