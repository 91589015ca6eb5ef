import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const SRC = resolve(new URL("../../src", import.meta.url).pathname);

/** Modules a file loads when it is evaluated: `import ... from` and `export ... from`, not types, not `import()`. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)(?!\s+type\s)[^;]*?from\s+"([^"]+)";/gms)].map((m) => m[1]!);
}

function toFile(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = resolve(dirname(from), spec).replace(/\.js$/, "");
  for (const ext of [".ts", ".tsx"]) {
    try {
      readFileSync(base + ext);
      return base + ext;
    } catch {
      // try the next extension
    }
  }
  throw new Error(`${from}: cannot resolve ${spec}`);
}

/** Every package the module graph from `entry` loads up front. */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      const next = toFile(file, spec);
      if (next) visit(next);
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
    }
  };
  visit(entry);
  return packages;
}

describe("what the UI loads", () => {
  test("createRenderer's module loads neither Ink nor React up front (--json and plain runs stay light)", () => {
    const loaded = packagesLoadedBy(join(SRC, "ui/index.ts"));
    expect([...loaded].filter((p) => p === "ink" || p === "react")).toEqual([]);
    // The screen itself does load them: the walk sees through the files.
    expect([...packagesLoadedBy(join(SRC, "ui/ink.tsx"))]).toEqual(expect.arrayContaining(["ink", "react"]));
  });

  test("nothing in src/ui loads TensorFlow.js", () => {
    const files = readdirSync(join(SRC, "ui"), { recursive: true }).map(String).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const loaded = packagesLoadedBy(join(SRC, "ui", file));
      expect([...loaded].filter((p) => p.startsWith("@tensorflow")), file).toEqual([]);
    }
  });
});
