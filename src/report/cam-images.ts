import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** LayerCAM maps a run kept (`RUN/cam/HOP/STAGE/*.png`), as data URIs with their paths under `cam/`. */
export function camImages(runDir: string): { path: string; uri: string }[] {
  const root = join(runDir, "cam");
  let files: string[];
  try {
    files = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith(".png"))
    .sort()
    .map((file) => ({
      path: relative(root, join(root, file)),
      uri: `data:image/png;base64,${readFileSync(join(root, file)).toString("base64")}`,
    }));
}
