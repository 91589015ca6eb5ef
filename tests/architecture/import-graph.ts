import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

/**
 * How one module names another. `static` loads it when the importer is evaluated; `type` is
 * erased at compile time (`import type`, `export type`, `import("x").T`, or every named item
 * marked `type`); `dynamic` is an `import()` call, loaded only when that line runs.
 */
export type ImportKind = "static" | "type" | "dynamic";

export interface ImportEdge {
  /** The importing file, relative to the root, with `/` separators. */
  from: string;
  /** A file relative to the root when the specifier is relative, else the package name. */
  to: string;
  kind: ImportKind;
  /** The 1-based line of the import, for messages. */
  line: number;
  package: boolean;
}

export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;

/** Every import of every TypeScript file under `root/dir`, parsed with the compiler, not read by pattern. */
export function readImportGraph(root: string, dir = "src"): ImportGraph {
  const files = listSources(join(root, dir)).map((file) => toPosix(relative(root, file)));
  const edges = files.flatMap((file) => importsOf(root, file));
  return { files, edges };
}

function listSources(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return listSources(path);
      return SOURCE.test(name) && !name.endsWith(".d.ts") ? [path] : [];
    });
}

function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), "utf8");
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, kind: ImportKind, node: ts.Node) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ from: file, ...resolveSpecifier(root, file, specifier.text), kind, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, importKind(node), node);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, exportKind(node), node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly ? "type" : "static", node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], "dynamic", node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, "type", node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** `import type`, or named imports that are all `type`, are erased; a bare `import "x"` still loads x. */
function importKind(node: ts.ImportDeclaration): ImportKind {
  const clause = node.importClause;
  if (!clause) return "static";
  if (clause.isTypeOnly) return "type";
  const bindings = clause.namedBindings;
  const allTypes =
    !clause.name &&
    bindings &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly);
  return allTypes ? "type" : "static";
}

function exportKind(node: ts.ExportDeclaration): ImportKind {
  if (node.isTypeOnly) return "type";
  const clause = node.exportClause;
  const allTypes =
    clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
  return allTypes ? "type" : "static";
}

/** A relative specifier names a file (`./x.js` is `./x.ts` or `./x.tsx` in the source); anything else a package. */
function resolveSpecifier(root: string, from: string, specifier: string): { to: string; package: boolean } {
  if (!specifier.startsWith(".")) return { to: packageName(specifier), package: true };
  const base = join(root, dirname(from), specifier);
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, "");
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    join(base, "index.ts"),
    join(base, "index.tsx"),
  ];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new Error(`${from}: cannot resolve ${JSON.stringify(specifier)}`);
  return { to: toPosix(relative(root, found)), package: false };
}

/** `@scope/name/sub` is `@scope/name`; `node:fs` stays `node:fs`; `name/sub` is `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
