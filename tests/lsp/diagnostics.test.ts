import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { DidChangeWatchedFilesNotification } from "vscode-languageserver/node";
import { MAIN, startClient, type TestClient } from "./helpers.js";

let client: TestClient;
afterEach(() => client.close());

const DOCS = "https://example.org/thtl/docs/diagnostics.md";

test("a valid file has no diagnostics; an edit brings the checker's, with codes linking to their documentation", async () => {
  client = await startClient({ "main.thtl": MAIN }, { debounceMs: 0, diagnosticsDocs: DOCS });
  client.open("main.thtl");
  expect(await client.diagnostics("main.thtl")).toEqual([]);
  client.change("main.thtl", MAIN.replace("with swft", "with swf").replace("synth fundus", "synth fundas"));
  expect(await client.diagnostics("main.thtl")).toEqual([
    {
      range: { start: { line: 1, character: 13 }, end: { line: 1, character: 19 } },
      severity: 1,
      code: "THTL2028",
      codeDescription: { href: `${DOCS}#thtl2028-error` },
      source: "thtl",
      message: "unknown synth kind 'fundas'; did you mean 'fundus'?",
    },
    {
      range: { start: { line: 5, character: 9 }, end: { line: 5, character: 13 } },
      severity: 2,
      code: "THTL2012",
      codeDescription: { href: `${DOCS}#thtl2012-warning` },
      source: "thtl",
      message: "schedule 'swft' is declared but no experiment uses it",
    },
    {
      range: { start: { line: 13, character: 31 }, end: { line: 13, character: 34 } },
      severity: 1,
      code: "THTL2004",
      codeDescription: { href: `${DOCS}#thtl2004-error` },
      source: "thtl",
      message: "unknown schedule 'swf'; did you mean 'swft'?",
    },
  ]);
});

test("the default link is the installed docs/diagnostics.md, whose headings give the anchors", async () => {
  client = await startClient({ "main.thtl": MAIN });
  client.open("main.thtl", MAIN.replace("epochs 2", "epochs 0"));
  const [d] = await client.diagnostics("main.thtl");
  expect(d!.code).toBe("THTL2041");
  const href = d!.codeDescription!.href;
  expect(href).toMatch(/^file:\/\/.*\/docs\/diagnostics\.md#thtl2041-error$/);
  const { readFileSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  expect(readFileSync(fileURLToPath(href.split("#")[0]!), "utf8")).toContain("\n### THTL2041 (error)\n");
});

test("a duplicate declaration points at the first one as related information", async () => {
  client = await startClient({ "main.thtl": MAIN });
  client.open("main.thtl", `${MAIN}\ndomain fundus { data synth larynx 10 }\n`);
  const diagnostics = await client.diagnostics("main.thtl");
  expect(diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
    ["THTL2002", 16, "domain 'fundus' is declared more than once"],
  ]);
  expect(diagnostics[0]!.relatedInformation).toEqual([
    {
      location: {
        uri: client.uri("main.thtl"),
        range: { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } },
      },
      message: "'fundus' is first declared here",
    },
  ]);
});

test("broken syntax gives every syntax error, and the file recovers when it is fixed", async () => {
  client = await startClient({ "main.thtl": MAIN });
  client.open("main.thtl", MAIN.replace("train head }", "train head, }").replace("epochs 2;", "epoch 2;"));
  expect(
    (await client.diagnostics("main.thtl")).map((d) => [
      d.code,
      d.range.start.line,
      d.range.start.character,
      d.message,
    ]),
  ).toEqual([
    ["THTL1014", 6, 13, "'epoch' is not a statement of the defaults block; did you mean 'epochs'?"],
    ["THTL1010", 7, 27, "expected a selector (all, head, a group, GROUP..GROUP, last N or a \"glob\") but found '}'"],
  ]);
  client.change("main.thtl", MAIN);
  expect(await client.diagnostics("main.thtl")).toEqual([]);
});

test("an imported file's unsaved text is what the importer is checked against", async () => {
  const lib = "schedule swft {\n  stage head { train head; epochs 1 }\n}\n";
  const main = MAIN.slice(MAIN.indexOf("experiment"));
  client = await startClient({
    "lib.thtl": lib,
    "main.thtl": `import "lib.thtl"\n${MAIN.slice(0, MAIN.indexOf("schedule"))}${main}`,
  });
  client.open("main.thtl");
  expect(await client.diagnostics("main.thtl")).toEqual([]);
  client.open("lib.thtl");
  expect(await client.diagnostics("lib.thtl")).toEqual([]);
  // the files that import an edited (or opened) file are checked again
  expect(await client.diagnostics("main.thtl")).toEqual([]);
  client.change("lib.thtl", lib.replace("swft", "other"));
  expect(await client.diagnostics("lib.thtl")).toEqual([]);
  expect((await client.diagnostics("main.thtl")).map((d) => d.message)).toEqual(["unknown schedule 'swft'"]);
});

test("an imported file saved by another program: the open files are checked again when the client says so", async () => {
  const lib = "schedule swft {\n  stage head { train head; epochs 1 }\n}\n";
  client = await startClient({
    "lib.thtl": lib,
    "main.thtl": `import "lib.thtl"\n${MAIN.slice(0, MAIN.indexOf("schedule"))}${MAIN.slice(MAIN.indexOf("experiment"))}`,
  });
  client.open("main.thtl");
  expect(await client.diagnostics("main.thtl")).toEqual([]);
  writeFileSync(join(client.folder, "lib.thtl"), lib.replace("swft", "other"));
  await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: client.uri("lib.thtl"), type: 2 }],
  });
  expect((await client.diagnostics("main.thtl")).map((d) => d.message)).toEqual(["unknown schedule 'swft'"]);
});
