import { afterAll, beforeAll, expect, test } from "vitest";
import {
  DefinitionRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type Location,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { positionOf, startClient, type TestClient } from "./helpers.js";

const LIB = `domain fundus { data synth fundus 100 }

schedule swft {
  stage head { train head; epochs 1 }
}
`;
const MAIN = `import "lib.thtl"

experiment e {
  models resnet18
  chain scratch -> fundus with swft
}
`;
/** Not open in the editor: found through the workspace folder. */
const OTHER = `import "lib.thtl"

experiment f { models resnet18; chain scratch -> fundus with swft -> fundus with swft }
`;

let client: TestClient;
beforeAll(async () => {
  client = await startClient({
    "lib.thtl": LIB,
    "main.thtl": MAIN,
    "sub/other.thtl": OTHER.replace('"lib.thtl"', '"../lib.thtl"'),
  });
  client.open("main.thtl");
  await client.diagnostics("main.thtl");
});
afterAll(() => client.close());

const at = (name: string, text: string, marker: string, shift = 0) => ({
  textDocument: { uri: client.uri(name) },
  position: positionOf(text, marker, shift),
});
const range = (line: number, from: number, to: number) => ({
  start: { line, character: from },
  end: { line, character: to },
});
/** The range of the `n`th occurrence of `word` in `text`. */
const rangeOf = (text: string, word: string, n = 0) => ({
  start: positionOf(text, word, 0, n),
  end: positionOf(text, word, word.length, n),
});

test("go to definition: a name to its declaration in the imported file, an import to its file", async () => {
  expect(await client.connection.sendRequest(DefinitionRequest.type, at("main.thtl", MAIN, "swft", 2))).toEqual({
    uri: client.uri("lib.thtl"),
    range: range(2, 9, 13),
  });
  expect(await client.connection.sendRequest(DefinitionRequest.type, at("main.thtl", MAIN, "fundus"))).toEqual({
    uri: client.uri("lib.thtl"),
    range: range(0, 7, 13),
  });
  expect(await client.connection.sendRequest(DefinitionRequest.type, at("main.thtl", MAIN, "lib.thtl"))).toEqual({
    uri: client.uri("lib.thtl"),
    range: range(0, 0, 0),
  });
  expect(await client.connection.sendRequest(DefinitionRequest.type, at("main.thtl", MAIN, "resnet18"))).toBeNull();
});

test("find references: every use in every file that imports the declaration, open or not", async () => {
  const references = (await client.connection.sendRequest(ReferencesRequest.type, {
    ...at("main.thtl", MAIN, "swft"),
    context: { includeDeclaration: true },
  })) as Location[];
  expect(references).toEqual([
    { uri: client.uri("lib.thtl"), range: range(2, 9, 13) },
    { uri: client.uri("main.thtl"), range: range(4, 31, 35) },
    { uri: client.uri("sub/other.thtl"), range: rangeOf(OTHER, "swft", 0) },
    { uri: client.uri("sub/other.thtl"), range: rangeOf(OTHER, "swft", 1) },
  ]);
  expect(rangeOf(OTHER, "swft", 1)).toEqual(range(2, 81, 85));
  const uses = (await client.connection.sendRequest(ReferencesRequest.type, {
    ...at("main.thtl", MAIN, "swft"),
    context: { includeDeclaration: false },
  })) as Location[];
  expect(uses).toHaveLength(3);
});

test("rename: prepareRename gives the name's range; the edit renames it in every file", async () => {
  expect(await client.connection.sendRequest(PrepareRenameRequest.type, at("main.thtl", MAIN, "fundus", 3))).toEqual({
    range: range(4, 19, 25),
    placeholder: "fundus",
  });
  const edit = (await client.connection.sendRequest(RenameRequest.type, {
    ...at("main.thtl", MAIN, "fundus"),
    newName: "retina",
  })) as WorkspaceEdit;
  expect(edit).toEqual({
    changes: {
      [client.uri("lib.thtl")]: [{ range: range(0, 7, 13), newText: "retina" }],
      [client.uri("main.thtl")]: [{ range: range(4, 19, 25), newText: "retina" }],
      [client.uri("sub/other.thtl")]: [
        { range: range(2, 49, 55), newText: "retina" },
        { range: range(2, 69, 75), newText: "retina" },
      ],
    },
  });
});

test("rename refuses what is not a declared name, and names that would not work", async () => {
  await expect(
    client.connection.sendRequest(PrepareRenameRequest.type, at("main.thtl", MAIN, "resnet18")),
  ).rejects.toThrow("only the names of domains, models, schedules, experiments and stages can be renamed");
  await expect(
    client.connection.sendRequest(RenameRequest.type, { ...at("main.thtl", MAIN, "fundus"), newName: "scratch" }),
  ).rejects.toThrow("'scratch' starts a chain from random weights: a domain cannot take that name");
  await expect(
    client.connection.sendRequest(RenameRequest.type, { ...at("main.thtl", MAIN, "fundus"), newName: "2nd" }),
  ).rejects.toThrow("'2nd' is not a name: use letters, digits and '_', not starting with a digit");
});
