import { afterAll, beforeAll, expect, test } from "vitest";
import { join } from "node:path";
import { HoverRequest, InlayHintRequest, type Hover, type InlayHint } from "vscode-languageserver/node";
import { compileFile } from "../../src/compile/index.js";
import { MAIN, positionOf, startClient, type TestClient } from "./helpers.js";

let client: TestClient;
beforeAll(async () => {
  client = await startClient({ "main.thtl": MAIN });
  client.open("main.thtl");
  await client.diagnostics("main.thtl");
});
afterAll(() => client.close());

async function hoverAt(marker: string, shift = 0, n = 0): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
    position: positionOf(MAIN, marker, shift, n),
  });
}

const markdown = (hover: Hover | null) => (hover?.contents as { value: string }).value;

/** Trainable parameters per model and stage, as `thtl compile` puts them in the plan. */
function planned(): Map<string, number> {
  const { plan } = compileFile(join(client.folder, "main.thtl"));
  const found = new Map<string, number>();
  for (const run of plan!.runs) {
    for (const stage of run.hops[0]!.stages) {
      found.set(`${run.model} ${stage.name}`, stage.trainableParams);
      found.set(`${run.model} total`, stage.totalParams);
    }
  }
  return found;
}

test("on a stage: what it trains in each model, with the plan's parameter counts", async () => {
  const hover = await hoverAt("top {", 1);
  const params = planned();
  expect(params.get("resnet18 top")).toBe(8_396_293);
  expect(params.get("resnet50 top")).toBe(14_986_245);
  expect(params.get("resnet18 total")).toBe(11_179_077);
  expect(params.get("resnet50 total")).toBe(23_544_837);
  expect(markdown(hover)).toBe(
    [
      "**stage `top`**",
      "",
      "| model | trains | trainable params |",
      "| --- | --- | ---: |",
      "| resnet18 | layer4, head | 8,396,293 / 11,179,077 (75.1%) |",
      "| resnet50 | layer4, head | 14,986,245 / 23,544,837 (63.6%) |",
    ].join("\n"),
  );
  expect(hover!.range).toEqual({ start: { line: 8, character: 8 }, end: { line: 8, character: 11 } });
});

test("inlay hints: the trainable parameters after each stage's name", async () => {
  const hints = (await client.connection.sendRequest(InlayHintRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
    range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } },
  })) as InlayHint[];
  const params = planned();
  const count = (n: number | undefined) => n!.toLocaleString("en-US");
  expect(hints).toEqual([
    {
      position: { line: 7, character: 12 },
      label: `resnet18: ${count(params.get("resnet18 head"))}, resnet50: ${count(params.get("resnet50 head"))} trainable`,
      kind: 1,
      paddingLeft: true,
    },
    {
      position: { line: 8, character: 11 },
      label: `resnet18: ${count(params.get("resnet18 top"))}, resnet50: ${count(params.get("resnet50 top"))} trainable`,
      kind: 1,
      paddingLeft: true,
    },
  ]);
  expect(hints[0]!.label).toBe("resnet18: 2,565, resnet50: 10,245 trainable");
});

test("on a domain, where declared or used: its data summary", async () => {
  const expected = [
    "**domain `fundus`** (data)",
    "",
    "- data: synthetic `fundus`, 100 images",
    "- 5 classes: no_dr, mild, moderate, severe, proliferative",
    "- split: 80/20 train/val with seed 1, the default: about 80/20 images",
    "- image: 64x64, rgb",
    "- augment: none",
  ].join("\n");
  expect(markdown(await hoverAt("fundus {"))).toBe(expected);
  expect(markdown(await hoverAt("-> fundus", 4))).toBe(expected);
});

test("on a model: architecture, variant and parameters by group", async () => {
  const hover = await hoverAt("resnet18,", 3);
  expect(markdown(hover)).toBe(
    [
      "**`resnet18`**: ResNet-18, torchvision BasicBlock",
      "",
      "11,179,077 parameters (as experiment `e` builds it)",
      "",
      "| group | params |",
      "| --- | ---: |",
      "| stem | 9,536 |",
      "| layer1 | 147,968 |",
      "| layer2 | 525,568 |",
      "| layer3 | 2,099,712 |",
      "| layer4 | 8,393,728 |",
      "| head | 2,565 |",
    ].join("\n"),
  );
});

test("on a setting: its default and its effective value in each stage", async () => {
  expect(markdown(await hoverAt("lr 1e-3"))).toBe(
    [
      "**`lr`**: the base learning rate and its decay",
      "",
      "- built-in default: 1e-3, constant",
      "- effective in stage `head`: 1e-3, constant (from `defaults`)",
      "- effective in stage `top`: 1e-4, constant (set in the stage)",
    ].join("\n"),
  );
  expect(markdown(await hoverAt("epochs 2", 2))).toBe(
    [
      "**`epochs`**: passes over the training split",
      "",
      "- built-in default: none: every stage needs one",
      "- effective in stage `head`: 2 (from `defaults`)",
      "- effective in stage `top`: 2 (from `defaults`)",
    ].join("\n"),
  );
});

test("nothing on punctuation", async () => {
  expect(await hoverAt("}\n\nschedule")).toBeNull();
});

test("hover and hints keep working on the recovered tree while another declaration is broken", async () => {
  const broken = `${MAIN}\nschedule unfinished {\n  stage x { train\n`;
  const other = await startClient({ "main.thtl": broken });
  try {
    other.open("main.thtl");
    expect((await other.diagnostics("main.thtl")).map((d) => d.code)).toEqual(["THTL1012"]);
    const hover = await other.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: other.uri("main.thtl") },
      position: positionOf(broken, "top {", 1),
    });
    expect(markdown(hover)).toContain("| resnet18 | layer4, head | 8,396,293 / 11,179,077 (75.1%) |");
  } finally {
    other.close();
  }
});
