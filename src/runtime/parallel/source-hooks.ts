import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * Module hooks that let a worker thread import this package's TypeScript sources, for when the
 * runtime itself runs from `src/` (under vitest): Node 20 cannot load `.ts` files, and vitest's
 * transforms do not reach worker threads. Relative `.js` imports that do not exist resolve to
 * the `.ts` file beside them, whose types are stripped (nothing is checked) by oxc, which vitest
 * already installs (through vite and rolldown), or else by TypeScript's `transpileModule`, ten
 * times slower to start. The compiled package in `dist/` never uses them.
 *
 * Kept as source text because a worker registers hooks by URL (here a `data:` URL).
 */
const hooks = `
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
let strip;
export async function initialize({ kind, url }) {
  const compiler = await import(url);
  strip = kind === "oxc"
    ? (source, path) => compiler.transformSync(path, source, { sourcemap: false }).code
    : (source, path) => compiler.default.transpileModule(source, {
        compilerOptions: { module: compiler.default.ModuleKind.ESNext, target: compiler.default.ScriptTarget.ES2022 },
        fileName: path,
      }).outputText;
}
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const fromSource = context.parentURL !== undefined && context.parentURL.endsWith(".ts");
    if (!fromSource || !specifier.startsWith(".") || !specifier.endsWith(".js")) throw error;
    return next(specifier.slice(0, -3) + ".ts", context);
  }
}
export async function load(url, context, next) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) return next(url, context);
  const path = fileURLToPath(url);
  return { format: "module", source: strip(readFileSync(path, "utf8"), path), shortCircuit: true };
}
`;

export const sourceHooksUrl = `data:text/javascript,${encodeURIComponent(hooks)}`;

/** The type stripper the hooks load: oxc where installed, otherwise TypeScript. */
export function sourceCompiler(): { kind: "oxc" | "typescript"; url: string } {
  const require = createRequire(import.meta.url);
  try {
    return { kind: "oxc", url: pathToFileURL(require.resolve("rolldown/experimental")).href };
  } catch {
    return { kind: "typescript", url: pathToFileURL(require.resolve("typescript")).href };
  }
}
