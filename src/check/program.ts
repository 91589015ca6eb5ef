import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Document, ImportDecl } from "../language/ast.js";
import { parse } from "../language/parse.js";
import type { SourceHost } from "./host.js";

export interface SourceFile {
  /** The path as shown to the user: the root as given, imports joined onto their importer's folder. */
  path: string;
  text: string;
  document: Document;
}

/** A file and everything it imports, parsed, with the problems of reading, parsing and importing. */
export interface Program {
  root: SourceFile;
  /** Every file, dependencies before the files that import them; the root comes last. */
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

const parsedByHost = new WeakMap<SourceHost, Map<string, { text: string; parsed: ReturnType<typeof parse> }>>();

/**
 * `thtl check DIR` checks each file with one host, and the files import the same libraries: a
 * library with the same path and text is parsed once per host. Programs only read their trees.
 */
function parseOnce(host: SourceHost, path: string, text: string): ReturnType<typeof parse> {
  let parsed = parsedByHost.get(host);
  if (!parsed) parsedByHost.set(host, (parsed = new Map()));
  const cached = parsed.get(path);
  if (cached?.text === text) return cached.parsed;
  const result = host.parse ? host.parse(text, path) : parse(text, path);
  parsed.set(path, { text, parsed: result });
  return result;
}

/**
 * Reads and parses `rootPath` and, transitively, every file it imports (paths relative to the
 * importing file). A file imported twice is read once. Returns undefined when the root itself
 * cannot be read, with the reason in `diagnostics`.
 */
export function loadProgram(rootPath: string, host: SourceHost): { program?: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const loaded = new Map<string, SourceFile | null>();
  const files: SourceFile[] = [];
  const stack: string[] = [];
  const displayOf = new Map<string, string>();
  const missing = new Set<string>();
  const reportMissing = (via: { file: string; decl: ImportDecl }) =>
    diagnostics.push(diagnostic("THTL2000", { path: via.decl.path.value }, via.file, via.decl.path.span));

  const visit = (path: string, via?: { file: string; decl: ImportDecl }): SourceFile | null => {
    const key = resolve(path);
    if (loaded.has(key)) {
      const onStack = stack.indexOf(key);
      if (onStack !== -1 && via) {
        const cycle = [...stack.slice(onStack).map((k) => displayOf.get(k)!), path].join(" -> ");
        diagnostics.push(diagnostic("THTL2001", { cycle }, via.file, via.decl.path.span));
      }
      if (missing.has(key) && via) reportMissing(via);
      return loaded.get(key) ?? null;
    }
    const read = host.readSource(path);
    if ("diagnostic" in read) {
      loaded.set(key, null);
      if (via && read.diagnostic.code === "THTL5000") {
        missing.add(key);
        reportMissing(via);
      } else {
        diagnostics.push(read.diagnostic);
      }
      return null;
    }
    const parsed = parseOnce(host, path, read.text);
    diagnostics.push(...parsed.diagnostics);
    const file: SourceFile = { path, text: read.text, document: parsed.document };
    loaded.set(key, file);
    displayOf.set(key, path);
    stack.push(key);
    for (const decl of parsed.document.declarations) {
      if (decl.kind === "Import")
        visit(isAbsolute(decl.path.value) ? decl.path.value : join(dirname(path), decl.path.value), {
          file: path,
          decl,
        });
    }
    stack.pop();
    files.push(file);
    return file;
  };

  const root = visit(rootPath);
  return root ? { program: { root, files, diagnostics }, diagnostics } : { diagnostics };
}
