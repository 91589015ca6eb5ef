import { dirname, join } from "node:path";
import { parseCsv } from "../data/csv.js";
import { SYNTH_CLASSES, isSynthKind } from "../data/synth/kinds.js";
import type { DataStmt, DomainDecl } from "../language/ast.js";
import type { SourceHost } from "./host.js";
import { first } from "./statements.js";
import type { Declared } from "./symbols.js";

export type ClassesOf =
  | { classes: string[] }
  /** The data had to be read for its labels and could not be. */
  | { unreadable: { data: DataStmt; path: string; reason: string } }
  /** Nothing to say (no data, an unknown synth kind): other rules report why. */
  | undefined;

/**
 * A domain's classes in label order: as listed in `classes`, else the synth kind's, else the
 * data's own labels, sorted (sub-folders of an image folder, the `label` column of a CSV). Only
 * the last case reads anything, so a file that lists its classes compiles without its data.
 */
export function classesOf(domain: Declared<DomainDecl>, host: SourceHost): ClassesOf {
  const declared = first(domain.decl.statements, "Classes");
  if (declared) return { classes: declared.names.map((name) => name.value) };
  const data = first(domain.decl.statements, "Data");
  if (!data) return undefined;
  if (data.source === "synth")
    return isSynthKind(data.synthKind.value) ? { classes: [...SYNTH_CLASSES[data.synthKind.value]] } : undefined;
  const path = join(dirname(domain.file), data.path.value);
  try {
    const classes = data.source === "imagefolder" ? host.listFolders(path) : csvLabels(host.readDataFile(path));
    if (classes.length === 0)
      throw new Error(data.source === "imagefolder" ? "it has no sub-folders" : "it has no rows");
    return { classes };
  } catch (error) {
    return { unreadable: { data, path, reason: reasonOf(error as NodeJS.ErrnoException) } };
  }
}

function csvLabels(text: string): string[] {
  const [header, ...rows] = parseCsv(text);
  const column = header?.fields.map((field) => field.trim().toLowerCase()).indexOf("label") ?? -1;
  if (column < 0) throw new Error("its header has no 'label' column");
  const labels = new Set(rows.map((row) => row.fields[column]?.trim() ?? "").filter((label) => label !== ""));
  return [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function reasonOf(error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") return "it does not exist";
  if (error.code === "ENOTDIR") return "it is not a folder";
  if (error.code === "EISDIR") return "it is a folder, not a CSV file";
  if (error.code === "EACCES" || error.code === "EPERM") return "permission denied";
  return error.message;
}
