import { afterAll, beforeAll, expect, test } from "vitest";
import { SemanticTokensRequest, type InitializeResult } from "vscode-languageserver/node";
import { startClient, type TestClient } from "./helpers.js";

const TEXT = `domain d { data synth larynx 10 } # note
schedule s { stage a { train layer1..head, last 2; optimizer sgd } }
experiment e { models resnet18; chain scratch -> d with s }
`;

let client: TestClient;
beforeAll(async () => {
  client = await startClient({ "main.thtl": TEXT });
  client.open("main.thtl");
});
afterAll(() => client.close());

/** Decodes the relative encoding into `line:column text type [modifiers]`, one string per token. */
function decode(data: number[], legend: InitializeResult["capabilities"]["semanticTokensProvider"] & object): string[] {
  const lines = TEXT.split("\n");
  const tokens: string[] = [];
  let line = 0;
  let column = 0;
  for (let i = 0; i < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(i, i + 5) as [
      number,
      number,
      number,
      number,
      number,
    ];
    line += deltaLine;
    column = deltaLine === 0 ? column + deltaStart : deltaStart;
    const names = legend.legend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    tokens.push(
      `${line}:${column} ${lines[line]!.slice(column, column + length)} ${legend.legend.tokenTypes[type]}${names.length ? ` [${names.join(",")}]` : ""}`,
    );
  }
  return tokens;
}

test("every token is classified: names by what they name, the rest by their kind", async () => {
  const result = await client.connection.sendRequest(SemanticTokensRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
  });
  expect(decode(result!.data, client.initialized.capabilities.semanticTokensProvider!)).toEqual([
    "0:0 domain keyword",
    "0:7 d namespace [declaration]",
    "0:11 data keyword",
    "0:16 synth keyword",
    "0:22 larynx enumMember",
    "0:29 10 number",
    "0:34 # note comment",
    "1:0 schedule keyword",
    "1:9 s function [declaration]",
    "1:13 stage keyword",
    "1:19 a method [declaration]",
    "1:23 train keyword",
    "1:29 layer1 property",
    "1:37 head property",
    "1:43 last keyword",
    "1:48 2 number",
    "1:51 optimizer keyword",
    "1:61 sgd enumMember",
    "2:0 experiment keyword",
    "2:11 e struct [declaration]",
    "2:15 models keyword",
    "2:22 resnet18 class [defaultLibrary]",
    "2:32 chain keyword",
    "2:38 scratch keyword",
    "2:49 d namespace",
    "2:51 with keyword",
    "2:56 s function",
  ]);
});
