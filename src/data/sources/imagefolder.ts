import { readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative, resolve } from "node:path";
import { dataProblem } from "../problems.js";
import { fileKind, formatName } from "../formats.js";
import type { KeyedSample } from "../split.js";
import type { Listing } from "./listing.js";

/**
 * `data imagefolder "DIR"`: one sub-folder per class, images anywhere below it. `shown` is the
 * folder as the user wrote it, so that problems name files the way the user would.
 * `declared` is the plan's class list; when empty, the sub-folders (sorted) are the classes.
 */
export function listImageFolder(baseDir: string, shown: string, declared: readonly string[]): Listing {
  const root = resolve(baseDir, shown);
  const problems: Listing["problems"] = [];
  const stats = statSync(root, { throwIfNoEntry: false });
  if (!stats) return { classes: [...declared], samples: [], problems: [dataProblem("THTL3005", { file: shown })] };
  if (!stats.isDirectory()) return { classes: [...declared], samples: [], problems: [dataProblem("THTL3013", { file: shown })] };

  const entries = sortedEntries(root);
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const entry of entries) {
    if (entry.isFile() && fileKind(entry.name) !== "other") problems.push(dataProblem("THTL3009", { file: join(shown, entry.name) }));
  }
  if (folders.length === 0) return { classes: [...declared], samples: [], problems: [...problems, dataProblem("THTL3004", { file: shown })] };
  const classes = declared.length > 0 ? [...declared] : folders;
  for (const folder of folders) {
    if (!classes.includes(folder)) {
      problems.push(dataProblem("THTL3008", { file: join(shown, folder), class: folder, classes: classes.join(", ") }));
    }
  }

  const samples: KeyedSample[] = [];
  for (const [label, name] of classes.entries()) {
    if (!folders.includes(name)) {
      problems.push(dataProblem("THTL3007", { file: join(shown, name), class: name }));
      continue;
    }
    const before = samples.length;
    for (const path of walk(join(root, name))) {
      const key = relative(root, path).split("\\").join("/");
      const kind = fileKind(path);
      if (kind === "image") samples.push({ file: path, label, key, shown: join(shown, key) });
      else if (kind === "unsupported image") problems.push(dataProblem("THTL3011", { file: join(shown, key), format: formatName(path) }));
    }
    if (samples.length === before) problems.push(dataProblem("THTL3001", { file: join(shown, name), class: name }));
  }
  return { classes, samples, problems };
}

/** Every file below `folder`, in a fixed (sorted) order; hidden files and folders are not data. */
function* walk(folder: string): Generator<string> {
  for (const entry of sortedEntries(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile() || entry.isSymbolicLink()) yield path;
  }
}

function sortedEntries(folder: string): Dirent[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
