import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** Modules imported for their values (not `import type`), transitively, from a source file. */
function valueImports(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const [, spec] of text.matchAll(/(?:^(?:import|export) (?!type )[^;]*?from|import\()\s*"([^"]+)"/gm)) {
      if (spec!.startsWith(".")) visit(relative(ROOT, join(ROOT, dirname(file), spec!.replace(/\.js$/, ".ts"))));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return { files, packages };
}

test("thtl report never loads TensorFlow.js, the runtime or the UI", () => {
  const { files, packages } = valueImports("src/cli/commands/report.ts");
  expect(files.has("src/report/html.ts")).toBe(true);
  expect([...packages].sort()).toEqual([
    "ajv/dist/2020.js",
    "node:fs",
    "node:module",
    "node:path",
    "node:util",
    "vega",
    "vega-lite",
  ]);
  expect([...files].filter((file) => /^src\/(runtime|ui)\//.test(file))).toEqual([]);
});
