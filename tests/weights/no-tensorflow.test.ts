import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** The packages a source file loads at run time, statically or dynamically, transitively (type-only imports load nothing). */
function packagesLoaded(entry: string): Set<string> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(join(ROOT, file), "utf8").replace(/import type [^;]*;/g, "");
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
      if (spec!.startsWith(".")) visit(relative(ROOT, join(ROOT, dirname(file), spec!.replace(/\.js$/, ".ts"))));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return packages;
}

test("thtl weights (import and fetch) never loads TensorFlow.js", () => {
  const packages = [...packagesLoaded("src/cli/commands/weights.ts")];
  expect(packages.filter((name) => name.startsWith("@tensorflow"))).toEqual([]);
  expect(packages).toContain("h5wasm/node");
});
