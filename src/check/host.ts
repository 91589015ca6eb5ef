import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { parse } from "../language/parse.js";
import { readSource } from "../language/source.js";
import type { Span } from "../language/ast.js";
import type { Variant } from "../models/types.js";
import { weightsVariant } from "./weights-variant.js";

/**
 * Everything the checker and the compiler read from outside the source text: `.thtl` files (the
 * compiled file and its imports) and, only for domains that omit `classes`, the data's labels.
 * `thtl diff` swaps in a reader of files at a git revision.
 */
export interface SourceHost {
  readSource(path: string): { text: string } | { diagnostic: Diagnostic };
  /** Sub-folder names of a folder, hidden ones left out, sorted; throws when unreadable. */
  listFolders(path: string): string[];
  /** A data file's text; throws when unreadable. */
  readDataFile(path: string): string;
  /** Parses a `.thtl` file's text instead of `parse` (the language server re-parses only what an edit touched). */
  parse?(text: string, path: string): ReturnType<typeof parse>;
  /** Which framework's build weights at `path` were made for, if they say (`weightsVariant`). */
  weightsVariant(path: string): Variant | undefined;
}

const FILE_START: Span = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/**
 * Reads from the file system, relative paths against `cwd`, or `.thtl` sources from `readFile`
 * (undefined: no such file). Paths in diagnostics stay as written.
 */
export function createHost(
  options: { readFile?: ((path: string) => string | undefined) | undefined; cwd?: string | undefined } = {},
): SourceHost {
  const { readFile, cwd = "." } = options;
  return {
    readSource: readFile
      ? (path) => readWith(readFile, path)
      : (path) => relabel(readSource(resolve(cwd, path)), resolve(cwd, path), path),
    listFolders: (path) =>
      readdirSync(resolve(cwd, path), { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
        .map((entry) => entry.name)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    readDataFile: (path) => readFileSync(resolve(cwd, path), "utf8"),
    weightsVariant: (path) => weightsVariant(resolve(cwd, path)),
  };
}

/** Diagnostics about a file name it as the user wrote it, not as resolved against `cwd`. */
function relabel(result: ReturnType<typeof readSource>, resolved: string, path: string): ReturnType<typeof readSource> {
  if (!("diagnostic" in result) || resolved === path) return result;
  const d = result.diagnostic;
  return { diagnostic: { ...d, file: path, message: d.message.replaceAll(resolved, path) } };
}

function readWith(readFile: (path: string) => string | undefined, path: string) {
  const text = readFile(path);
  return text === undefined ? { diagnostic: diagnostic("THTL5000", { file: path }, path, FILE_START) } : { text };
}
