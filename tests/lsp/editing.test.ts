import { afterEach, expect, test } from "vitest";
import {
  CodeActionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  type CodeAction,
  type Diagnostic,
} from "vscode-languageserver/node";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { MAIN, startClient, type TestClient } from "./helpers.js";

let client: TestClient;
afterEach(() => client.close());

const range = (line: number, from: number, to: number) => ({
  start: { line, character: from },
  end: { line, character: to },
});

test("document symbols: the declarations, with each schedule's stages", async () => {
  client = await startClient({ "main.thtl": MAIN });
  client.open("main.thtl");
  const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
  });
  expect(symbols).toEqual([
    {
      name: "fundus",
      detail: "domain",
      kind: 3,
      range: { start: { line: 0, character: 0 }, end: { line: 3, character: 1 } },
      selectionRange: range(0, 7, 13),
    },
    {
      name: "swft",
      detail: "schedule",
      kind: 12,
      range: { start: { line: 5, character: 0 }, end: { line: 9, character: 1 } },
      selectionRange: range(5, 9, 13),
      children: [
        { name: "head", detail: "stage", kind: 6, range: range(7, 2, 27), selectionRange: range(7, 8, 12) },
        { name: "top", detail: "stage", kind: 6, range: range(8, 2, 40), selectionRange: range(8, 8, 11) },
      ],
    },
    {
      name: "e",
      detail: "experiment",
      kind: 23,
      range: { start: { line: 11, character: 0 }, end: { line: 14, character: 1 } },
      selectionRange: range(11, 11, 12),
    },
  ]);
});

test("formatting: one edit to the canonical text, none when canonical or broken", async () => {
  const messy = "schedule   s {stage a {train head;epochs 1}}  # short\n";
  client = await startClient({ "main.thtl": messy });
  client.open("main.thtl");
  const format = () =>
    client.connection.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: client.uri("main.thtl") },
      options: { tabSize: 2, insertSpaces: true },
    });
  const canonical = "schedule s {\n  stage a { train head; epochs 1 }\n}  # short\n";
  expect(await format()).toEqual([
    { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, newText: canonical },
  ]);
  // the same text as `thtl fmt` prints
  expect(print(parse(messy, "m.thtl").document)).toBe(canonical);
  client.change("main.thtl", canonical);
  expect(await format()).toEqual([]);
  client.change("main.thtl", "schedule   s {stage a {train head;epochs }}\n");
  expect(await format()).toEqual([]);
});

test("quick fixes: each 'did you mean' diagnostic offers its suggestion as an edit", async () => {
  const text = MAIN.replace("with swft", "with swtf");
  client = await startClient({ "main.thtl": text });
  client.open("main.thtl");
  const diagnostics: Diagnostic[] = await client.diagnostics("main.thtl");
  expect(diagnostics.map((d) => d.message)).toEqual([
    "schedule 'swft' is declared but no experiment uses it",
    "unknown schedule 'swtf'; did you mean 'swft'?",
  ]);
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
    range: range(13, 0, 40),
    context: { diagnostics },
  })) as CodeAction[];
  expect(actions).toEqual([
    {
      title: "Change 'swtf' to 'swft'",
      kind: "quickfix",
      diagnostics: [diagnostics[1]],
      isPreferred: true,
      edit: { changes: { [client.uri("main.thtl")]: [{ range: range(13, 31, 35), newText: "swft" }] } },
    },
  ]);
});

test("a quick fix replaces only the misspelt word of a longer selector", async () => {
  const text = MAIN.replace("unfreeze layer4", "unfreeze layer2..layr4");
  client = await startClient({ "main.thtl": text });
  client.open("main.thtl");
  const diagnostics: Diagnostic[] = await client.diagnostics("main.thtl");
  expect(diagnostics.map((d) => [d.range, d.message])).toEqual([
    [
      range(8, 23, 36),
      "'layer2..layr4' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer4'?",
    ],
  ]);
  const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
    range: range(8, 23, 23),
    context: { diagnostics },
  })) as CodeAction[];
  expect(actions.map((a) => [a.title, a.edit])).toEqual([
    [
      "Change 'layr4' to 'layer4'",
      { changes: { [client.uri("main.thtl")]: [{ range: range(8, 31, 36), newText: "layer4" }] } },
    ],
  ]);
});
