import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileKind } from "../../data/formats.js";
import { UsageError } from "../command.js";

/** Image arguments as files: a folder stands for its image files (recursively, sorted). */
export function imageFiles(args: readonly string[], cwd: string): string[] {
  return args.flatMap((arg) => {
    const path = resolve(cwd, arg);
    if (!existsSync(path)) throw new UsageError(`'${arg}' does not exist`);
    if (!statSync(path).isDirectory()) return [path];
    const found = listImages(path);
    if (found.length === 0) throw new UsageError(`folder '${arg}' holds no PNG, JPEG, WebP or TIFF images`);
    return found;
  });
}

function listImages(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listImages(path);
      return fileKind(entry.name) === "image" ? [path] : [];
    });
}
