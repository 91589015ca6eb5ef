import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Variant } from "../models/types.js";
import { WEIGHTS_METADATA } from "../weights/model-metadata.js";

/**
 * Which framework's build the weights at `path` (absolute, `{model}` substituted) were made for:
 * the folder's metadata says so; `.safetensors` and `.pth`/`.pt` files are torchvision's, `.h5`
 * files Keras's. Undefined when nothing says (a plain layers-model folder, or nothing there yet):
 * the architecture's default variant applies.
 */
export function weightsVariant(path: string): Variant | undefined {
  const metadata = join(path, WEIGHTS_METADATA);
  if (isDirectory(path) && existsSync(metadata)) {
    try {
      const variant = (JSON.parse(readFileSync(metadata, "utf8")) as { variant?: unknown }).variant;
      if (variant === "torchvision" || variant === "keras") return variant;
    } catch {
      // An unreadable metadata file says nothing; loading the weights reports the folder's problems.
    }
    return undefined;
  }
  if (isDirectory(path) && existsSync(join(path, "model.json"))) return undefined;
  if (/\.(safetensors|pth|pt)$/.test(path) || existsSync(`${path}.safetensors`)) return "torchvision";
  if (/\.h5$/.test(path)) return "keras";
  return undefined;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
