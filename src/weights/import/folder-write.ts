import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

let counter = 0;

/**
 * Writes a folder so that it appears whole or not at all: its files go to a temporary folder
 * beside it, which is then renamed into place. An existing folder is replaced only when
 * `replace` is set (else this returns false and leaves it as it is).
 */
export function writeFolderAtomic(dir: string, files: Record<string, string | Uint8Array>, replace: boolean): boolean {
  mkdirSync(dirname(dir), { recursive: true });
  const temporary = join(dirname(dir), `.${basename(dir)}.${process.pid}.${counter++}.tmp`);
  try {
    mkdirSync(temporary);
    for (const [name, data] of Object.entries(files)) writeFileSync(join(temporary, name), data);
    if (existsSync(dir)) {
      if (!replace) return false;
      const old = `${temporary}.old`;
      renameSync(dir, old);
      renameSync(temporary, dir);
      rmSync(old, { recursive: true, force: true });
      return true;
    }
    renameSync(temporary, dir);
    return true;
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
