import { readFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { join } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const EXTENSION = join(ROOT, "editors/vscode");
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));

test("the manifest contributes the thtl language, the repository's grammar and a language configuration", () => {
  const manifest = json("editors/vscode/package.json");
  expect(manifest.contributes.languages).toEqual([
    { id: "thtl", aliases: ["thtl", "THTL"], extensions: [".thtl"], configuration: "./language-configuration.json" },
  ]);
  expect(manifest.contributes.grammars).toEqual([
    { language: "thtl", scopeName: "source.thtl", path: "./syntaxes/thtl.tmLanguage.json" },
  ]);
  expect(json("grammar/thtl.tmLanguage.json").scopeName).toBe("source.thtl");
  expect(readFileSync(join(EXTENSION, "prepare-package.mjs"), "utf8")).toContain(
    '"../../grammar/thtl.tmLanguage.json"',
  );
  const configuration = json("editors/vscode/language-configuration.json");
  expect(configuration.comments).toEqual({ lineComment: "#" });
  expect(configuration.brackets).toEqual([["{", "}"]]);
  // the server and the client come from the same release line (protocol 3.18)
  expect(manifest.dependencies["vscode-languageclient"]).toMatch(/^\^?11\./);
  expect(json("package.json").dependencies["vscode-languageserver"]).toMatch(/^\^?11\./);
});

test("the client starts `thtl lsp --stdio`, or the configured command with its arguments before", async () => {
  const started: { serverOptions: unknown; clientOptions: unknown }[] = [];
  const settings = new Map<string, unknown>();
  const stubs: Record<string, unknown> = {
    vscode: {
      workspace: {
        getConfiguration: () => ({
          get: (key: string, fallback: unknown) => (settings.has(key) ? settings.get(key) : fallback),
        }),
        createFileSystemWatcher: (glob: string) => ({ watching: glob }),
      },
    },
    "vscode-languageclient/node": {
      LanguageClient: class {
        constructor(_id: string, _name: string, serverOptions: unknown, clientOptions: unknown) {
          started.push({ serverOptions, clientOptions });
        }
        start() {
          return Promise.resolve();
        }
      },
    },
  };
  // The extension is CommonJS run by VS Code: load it with `vscode` and the client library stubbed.
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = (request, ...rest) =>
    request in stubs ? stubs[request] : load(request, ...rest);
  try {
    const extension = createRequire(import.meta.url)(join(EXTENSION, "extension.js"));
    await extension.activate({ subscriptions: [] });
    settings.set("server.command", "node");
    settings.set("server.args", ["/opt/thtl/bin/thtl.js"]);
    await extension.activate({ subscriptions: [] });
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
  }
  expect(started.map((s) => s.serverOptions)).toEqual([
    { command: "thtl", args: ["lsp", "--stdio"] },
    { command: "node", args: ["/opt/thtl/bin/thtl.js", "lsp", "--stdio"] },
  ]);
  expect(started[0]!.clientOptions).toEqual({
    documentSelector: [
      { scheme: "file", language: "thtl" },
      { scheme: "untitled", language: "thtl" },
    ],
    synchronize: { fileEvents: { watching: "**/*.thtl" } },
  });
});
