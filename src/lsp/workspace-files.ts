import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Past this many files a workspace is not a thtl project folder (a home directory): stop looking. */
const MAX_FILES = 2000;

/**
 * The `.thtl` files under the workspace folders, which references and renames must also see: a
 * library file does not know which files import it. Hidden folders and node_modules are skipped.
 */
export function thtlFilesUnder(folders: readonly string[]): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && entry.name.endsWith(".thtl")) found.push(path);
    }
  };
  for (const folder of folders) visit(folder);
  return found.sort();
}
