import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileSha256, importWeightsFile } from "./import-file.js";
import { isImportedFolder, readImportedMetadata } from "./metadata.js";
import { isImportable } from "./source.js";

/**
 * The folder a weights domain loads from. A `.pth`, `.pt` or `.h5` file named directly is
 * imported on first use into `CACHE/weights/<sha256 of the file>/` (whole or not at all) and
 * that folder is returned; later runs find it by the file's hash. Any other path is returned as
 * it is.
 */
export async function importedWeightsPath(path: string, model: { arch: string; width: number }, cacheDir: string): Promise<string> {
  if (!isImportable(path) || path.endsWith(".safetensors") || !existsSync(path) || statSync(path).isDirectory()) return path;
  const dir = join(cacheDir, "weights", fileSha256(path));
  if (isImportedFolder(dir)) {
    const metadata = readImportedMetadata(dir);
    if (metadata.arch === model.arch && metadata.width === model.width) return dir;
  }
  await importWeightsFile({ file: path, arch: model.arch, width: model.width, out: dir, replace: true });
  return dir;
}
