import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** Every module a source file imports statically or dynamically, transitively: project files by path, packages by name. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (spec!.startsWith(".")) visit(relative(ROOT, join(ROOT, dirname(file), spec!.replace(/\.js$/, ".ts"))));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return { files, packages };
}

test("check, compile, explain and lsp never load TensorFlow.js, the runtime or the UI", () => {
  for (const command of ["check", "compile", "explain", "lsp"]) {
    const { files, packages } = importGraph(`src/cli/commands/${command}.ts`);
    expect([...packages].filter((name) => name.startsWith("@tensorflow") || name === "ink" || name === "react")).toEqual([]);
    expect([...files].filter((file) => /^src\/(runtime|ui)\//.test(file))).toEqual([]);
    expect(files.has("src/check/index.ts")).toBe(true);
  }
});
