import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { architectureViolations, reachable } from "./check.js";
import { parseFolderTable, type FolderRule } from "./folder-table.js";
import { readImportGraph } from "./import-graph.js";
import { processUses } from "./process-use.js";

const ROOT = join(import.meta.dirname, "../..");
const RULES = parseFolderTable(readFileSync(join(ROOT, "docs/architecture.md"), "utf8"));
const GRAPH = readImportGraph(ROOT);

/** Commands that train, and so may load TensorFlow.js and the UI (lazily: see `src/cli/main.ts`). */
const TRAINING_COMMANDS = new Set(["run", "predict", "cam"]);

/** Modules nothing in src/ imports: bin/thtl.js's entry and the worker threads' (started by path, see `spawnModule`). */
const ENTRY_POINTS = [
  "src/cli/main.ts",
  "src/runtime/kernels/loops/js-pool-worker.ts",
  "src/runtime/parallel/replica.ts",
];

describe("src/ keeps the folder table of docs/architecture.md", () => {
  test("no import breaks the table, and no import cycle exists", () => {
    expect(RULES.length).toBeGreaterThan(10);
    expect(GRAPH.files.length).toBeGreaterThan(200);
    // The reader sees every kind of import.
    expect(new Set(GRAPH.edges.map((edge) => edge.kind))).toEqual(new Set(["static", "type", "dynamic"]));
    expect(architectureViolations(GRAPH, RULES)).toEqual([]);
  });

  test("every module ships for a reason: one used only by tests or benchmarks lives in tests/ or bench/", () => {
    const imported = new Set(GRAPH.edges.filter((edge) => !edge.package).map((edge) => edge.to));
    expect(GRAPH.files.filter((file) => !imported.has(file))).toEqual(ENTRY_POINTS);
  });

  test("the table names the runtime as the one folder that loads TensorFlow.js, and the CLI per command", () => {
    const loading = RULES.filter((rule) => rule.tensorflow).map((rule) => rule.folder);
    expect(loading).toEqual(["src/runtime/", "src/cli/"]);
  });

  test("thtl and every command that does not train never load TensorFlow.js, Ink, React, the runtime or the UI, even lazily", () => {
    const commands = readdirSync(join(ROOT, "src/cli/commands")).map((file) => file.replace(/\.tsx?$/, ""));
    expect(commands).toEqual(
      expect.arrayContaining(["check", "compile", "explain", "fmt", "diff", "models", "data", "synth", "run"]),
    );
    for (const command of commands.filter((name) => !TRAINING_COMMANDS.has(name))) {
      const { files, packages } = reachable(GRAPH, `src/cli/commands/${command}.ts`, ["static", "dynamic"]);
      expect([...packages].filter(heavy), command).toEqual([]);
      expect(
        [...files].filter((file) => /^src\/(runtime|ui)\//.test(file)),
        command,
      ).toEqual([]);
    }
    expect(reachable(GRAPH, "src/cli/commands/check.ts", ["static", "dynamic"]).files.has("src/check/index.ts")).toBe(
      true,
    );
    expect([...reachable(GRAPH, "src/cli/main.ts", ["static"]).packages].filter(heavy)).toEqual([]);
    // The walk does see through import(): `run` reaches all three.
    expect([...reachable(GRAPH, "src/cli/commands/run.ts", ["static", "dynamic"]).packages].filter(heavy)).toEqual(
      expect.arrayContaining(["@tensorflow/tfjs-core", "ink", "react"]),
    );
  });

  test("createRenderer's module loads neither Ink nor React up front (--json and plain runs stay light)", () => {
    const upFront = reachable(GRAPH, "src/ui/index.ts", ["static"]).packages;
    expect([...upFront].filter((name) => name === "ink" || name === "react")).toEqual([]);
    expect([...reachable(GRAPH, "src/ui/ink.tsx", ["static"]).packages]).toEqual(
      expect.arrayContaining(["ink", "react"]),
    );
  });

  test("only the command line and the UI touch the process's streams, exit code or signals: the runtime is a library", () => {
    const library = GRAPH.files.filter((file) => !/^src\/(cli|ui)\//.test(file) && file !== "src/util/io.ts");
    expect(library.flatMap((file) => processUses(ROOT, file))).toEqual([]);
    expect(processUses(ROOT, "src/cli/run/train.ts")).toEqual(
      expect.arrayContaining([expect.stringMatching(/process\.on\("SIGINT"\)$/)]),
    );
  });
});

function heavy(name: string): boolean {
  return name.startsWith("@tensorflow/") || name === "ink" || name === "react";
}

// The checker on small trees, so that it is seen to fail.
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "thtl-architecture-"));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const TABLE = `# Fixture

| folder | holds | may import | loads TensorFlow.js? |
| --- | --- | --- | --- |
| \`src/low/\` | the bottom | nothing | no |
| \`src/events/\` | event types | \`low\` | no |
| \`src/high/\` | the top | \`low\`, \`events\` (types) | yes, lazily |
`;
const FIXTURE_RULES = parseFolderTable(TABLE);

function violations(files: Record<string, string>, rules: readonly FolderRule[] = FIXTURE_RULES): string[] {
  return architectureViolations(readImportGraph(tree(files)), rules);
}

const CLEAN = {
  "src/low/a.ts": `export const a = 1;\n`,
  "src/events/e.ts": `import { a } from "../low/a.js";\nexport type E = { a: typeof a };\nexport const sink = () => a;\n`,
  "src/high/h.ts": `import { a } from "../low/a.js";\nimport type { E } from "../events/e.js";\nexport const h = (e: E) => a + e.a;\nexport const tf = () => import("@tensorflow/tfjs-core");\n`,
};

describe("the architecture check", () => {
  test("reads the markdown table: folders, allowed imports, types-only imports, the TensorFlow.js column", () => {
    expect(FIXTURE_RULES).toEqual([
      { folder: "src/low/", mayImport: [], typesOnly: [], tensorflow: false },
      { folder: "src/events/", mayImport: ["src/low/"], typesOnly: [], tensorflow: false },
      { folder: "src/high/", mayImport: ["src/low/"], typesOnly: ["src/events/"], tensorflow: true },
    ]);
  });

  test("passes a tree that keeps the table", () => {
    expect(violations(CLEAN)).toEqual([]);
  });

  test("fails on an upward import, whether static, type-only, re-exported or dynamic", () => {
    expect(
      violations({ ...CLEAN, "src/low/b.ts": `import { h } from "../high/h.js";\nexport const b = h;\n` }),
    ).toEqual([
      "src/low/b.ts:1 imports src/high/h.ts (static), but src/low/ may import nothing from src/high/ (docs/architecture.md)",
    ]);
    expect(
      violations({ ...CLEAN, "src/low/b.ts": `\nimport type { E } from "../events/e.js";\nexport type B = E;\n` }),
    ).toEqual([
      "src/low/b.ts:2 imports src/events/e.ts (type), but src/low/ may import nothing from src/events/ (docs/architecture.md)",
    ]);
    expect(violations({ ...CLEAN, "src/low/b.ts": `export { h } from "../high/h.js";\n` })).toEqual([
      "src/low/b.ts:1 imports src/high/h.ts (static), but src/low/ may import nothing from src/high/ (docs/architecture.md)",
    ]);
    expect(violations({ ...CLEAN, "src/low/b.ts": `export const b = () => import("../high/h.js");\n` })).toEqual([
      "src/low/b.ts:1 imports src/high/h.ts (dynamic), but src/low/ may import nothing from src/high/ (docs/architecture.md)",
    ]);
    expect(violations({ ...CLEAN, "src/low/b.ts": `export type B = import("../high/h.js").H;\n` })).toEqual([
      "src/low/b.ts:1 imports src/high/h.ts (type), but src/low/ may import nothing from src/high/ (docs/architecture.md)",
    ]);
  });

  test("a row marked (types) allows types from that row and nothing else", () => {
    expect(
      violations({ ...CLEAN, "src/high/k.ts": `import { sink } from "../events/e.js";\nexport const k = sink;\n` }),
    ).toEqual([
      "src/high/k.ts:1 imports src/events/e.ts (static), but src/high/ may import only types from src/events/ (docs/architecture.md)",
    ]);
  });

  test("fails on a cycle, type-only and dynamic edges included", () => {
    const cycle = {
      "src/high/x.ts": `import type { Y } from "./y.js";\nexport type X = { y?: Y };\n`,
      "src/high/y.ts": `import type { X } from "./x.js";\nexport type Y = { x?: X };\n`,
    };
    expect(violations({ ...CLEAN, ...cycle })).toEqual([
      "import cycle: src/high/x.ts -> src/high/y.ts -> src/high/x.ts",
    ]);
    const lazy = {
      "src/high/p.ts": `export const p = () => import("./q.js");\n`,
      "src/high/q.ts": `import { r } from "./r.js";\nexport const q = r;\n`,
      "src/high/r.ts": `import { p } from "./p.js";\nexport const r = p;\n`,
    };
    expect(violations({ ...CLEAN, ...lazy })).toEqual([
      "import cycle: src/high/p.ts -> src/high/q.ts -> src/high/r.ts -> src/high/p.ts",
    ]);
  });

  test("fails on a file in no row, saying to add one", () => {
    expect(violations({ ...CLEAN, "src/lsp/server.ts": `export const s = 1;\n` })).toEqual([
      "src/lsp/server.ts is in no folder of the table in docs/architecture.md: add a row for its folder (what it holds, what it may import)",
    ]);
  });

  test("fails when a row marked no loads TensorFlow.js up front, through any file; import() is lazy and allowed", () => {
    const tf = {
      "src/low/tf.ts": `import * as tf from "@tensorflow/tfjs-core";\nexport const t = tf;\n`,
      "src/low/c.ts": `import { t } from "./tf.js";\nexport const c = t;\n`,
    };
    expect(violations({ ...CLEAN, ...tf })).toEqual([
      "src/low/c.ts loads @tensorflow/tfjs-core, but docs/architecture.md says src/low/ does not load TensorFlow.js: import it lazily",
      "src/low/tf.ts loads @tensorflow/tfjs-core, but docs/architecture.md says src/low/ does not load TensorFlow.js: import it lazily",
    ]);
    expect(
      violations({ ...CLEAN, "src/low/lazy.ts": `export const t = () => import("@tensorflow/tfjs-core");\n` }),
    ).toEqual([]);
  });

  test("fails on a table whose rows do not run one way", () => {
    const upside = parseFolderTable(
      TABLE.replace("| `src/low/` | the bottom | nothing |", "| `src/low/` | the bottom | `high`, `cli` |"),
    );
    expect(violations(CLEAN, upside)).toEqual([
      "docs/architecture.md: the row of src/low/ names src/high/, which is listed after it: rows run from the bottom of the flow up",
      "docs/architecture.md: the row of src/low/ names src/cli/, which has no row",
    ]);
  });
});
