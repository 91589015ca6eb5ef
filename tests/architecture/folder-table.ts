/**
 * One row of the folder table in `docs/architecture.md`: the files under `folder` may import
 * files of their own row and of the rows in `mayImport`; `typesOnly` lists rows they may import
 * types from and nothing else. `tensorflow: false` means no file of the row loads TensorFlow.js
 * when it is evaluated.
 */
export interface FolderRule {
  /** `src/language/` for a folder (with every folder under it that has no row of its own), `src/version.ts` for a file. */
  folder: string;
  mayImport: string[];
  typesOnly: string[];
  tensorflow: boolean;
}

const HEADER = ["folder", "holds", "may import", "loads tensorflow.js?"];

/**
 * The rows of the first markdown table whose header is `folder | holds | may import | loads
 * TensorFlow.js?`. Folders are written as in the first column (`src/ui/`); in `may import`, as
 * names under src/ in backticks (`runtime`, `version.ts`), with `(types)` after a name whose
 * types alone may be imported, or `nothing`.
 */
export function parseFolderTable(markdown: string): FolderRule[] {
  const lines = markdown.split("\n");
  const start = lines.findIndex((line) => sameCells(cells(line), HEADER));
  if (start < 0) throw new Error(`no table with the columns ${HEADER.join(" | ")}`);
  const rows: FolderRule[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.trim().startsWith("|")) break;
    const [folder, , mayImport, tensorflow] = cells(line);
    rows.push({ folder: code(folder!)[0] ?? "", ...allowed(mayImport!), tensorflow: !/^no\b/i.test(tensorflow!) });
  }
  return rows;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => cell.trim());
}

function sameCells(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((cell, i) => cell.toLowerCase() === b[i]);
}

function code(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

/** `` `plan`, `runtime` (types) `` -> mayImport [src/plan/], typesOnly [src/runtime/]. */
function allowed(cell: string): { mayImport: string[]; typesOnly: string[] } {
  const mayImport: string[] = [];
  const typesOnly: string[] = [];
  for (const m of cell.matchAll(/`([^`]+)`(\s*\(types\))?/g)) (m[2] ? typesOnly : mayImport).push(toFolder(m[1]!));
  return { mayImport, typesOnly };
}

/** `runtime` -> `src/runtime/`; `version.ts` -> `src/version.ts`. */
export function toFolder(name: string): string {
  const path = name.startsWith("src/") ? name : `src/${name}`;
  return /\.tsx?$/.test(path) || path.endsWith("/") ? path : `${path}/`;
}
