import { fileURLToPath } from "node:url";

/**
 * How jobs start this very thtl: this Node and this installation's `bin/thtl.js` (this file is
 * `src/sweep/` or `dist/sweep/`, two folders below the package), so that every job of a sweep
 * runs the version that planned it. On a cluster the installation must be on a shared filesystem.
 */
export function thtlCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL("../../bin/thtl.js", import.meta.url))];
}
