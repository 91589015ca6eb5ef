import { afterAll, beforeAll, expect, test } from "vitest";
import { CompletionRequest, type CompletionItem } from "vscode-languageserver/node";
import { MAIN, positionAt, startClient, type TestClient } from "./helpers.js";

let client: TestClient;
beforeAll(async () => {
  client = await startClient({ "main.thtl": MAIN });
});
afterAll(() => client.close());

/** Completion with the cursor at `|` in `text` (which replaces main.thtl). */
async function completeAt(text: string): Promise<CompletionItem[]> {
  const cursor = text.indexOf("|");
  const source = text.replace("|", "");
  client.change("main.thtl", source);
  await client.diagnostics("main.thtl");
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri: client.uri("main.thtl") },
    position: positionAt(source, cursor),
  });
  return result as CompletionItem[];
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);

beforeAll(async () => {
  client.open("main.thtl");
  await client.diagnostics("main.thtl");
});

test("at the top level: the declarations (and `version` first in a file)", async () => {
  expect(labels(await completeAt("|"))).toEqual(["version", "import", "domain", "model", "schedule", "experiment"]);
  expect(labels(await completeAt(`${MAIN}\n|`))).toEqual(["import", "domain", "model", "schedule", "experiment"]);
});

test("in a stage: its statements and settings", async () => {
  expect(labels(await completeAt(MAIN.replace("stage head { train head }", "stage head { train head; | }")))).toEqual([
    "train",
    "unfreeze",
    "freeze",
    "epochs",
    "batch",
    "optimizer",
    "lr",
    "weight_decay",
    "batchnorm",
    "early_stop",
    "keep",
  ]);
});

test("after `unfreeze`: the groups of the experiment's models with their sizes, then the selectors", async () => {
  const items = await completeAt(MAIN.replace("unfreeze layer4", "unfreeze lay|"));
  expect(items.map((item) => [item.label, item.detail ?? ""])).toEqual([
    ["last", ""],
    ["stem", "params: resnet18 9,536, resnet50 9,600"],
    ["layer1", "params: resnet18 147,968, resnet50 217,216"],
    ["layer2", "params: resnet18 525,568, resnet50 1,223,168"],
    ["layer3", "params: resnet18 2,099,712, resnet50 7,108,608"],
    ["layer4", "params: resnet18 8,393,728, resnet50 14,976,000"],
    ["all", "every group"],
    ["head", "the classifier"],
  ]);
  // each item replaces what was typed of the name: `lay` on line 9, columns 24-26
  expect(items[5]!.textEdit).toEqual({
    range: { start: { line: 8, character: 23 }, end: { line: 8, character: 26 } },
    newText: "layer4",
  });
});

test("in a chain: scratch or weights domains to start, data domains after `->`, schedules after `with`", async () => {
  const weights = 'domain imagenet { weights "w/{model}" }\n';
  expect(labels(await completeAt(weights + MAIN.replace("chain scratch", "chain |")))).toEqual(["scratch", "imagenet"]);
  expect(labels(await completeAt(MAIN.replace("-> fundus", "-> |")))).toEqual(["fundus"]);
  expect(labels(await completeAt(MAIN.replace("with swft", "with s|")))).toEqual(["swft"]);
});

test("names from fixed lists: synth kinds, architectures and variants, optimizers, metrics, augmentations", async () => {
  expect(labels(await completeAt(MAIN.replace("synth fundus", "synth |")))).toEqual(["natural", "fundus", "larynx"]);
  const variant = "model small { arch resnet18; width 0.5 }\n";
  expect(labels(await completeAt(variant + MAIN.replace("models resnet18, resnet50", "models |")))).toEqual([
    "small",
    "resnet18",
    "resnet34",
    "resnet50",
    "vgg16",
    "densenet121",
    "mobilenet_v2",
    "efficientnet_b0",
    "inception_v3",
    "xception",
  ]);
  expect(labels(await completeAt(MAIN.replace("lr 1e-3 }", "lr 1e-3; optimizer | }")))).toEqual([
    "sgd",
    "adam",
    "adamw",
    "rmsprop",
  ]);
  expect(labels(await completeAt(MAIN.replace("lr 1e-3 }", "lr 1e-3; early_stop | }")))).toEqual([
    "val_loss",
    "val_acc",
    "val_f1",
    "val_recall",
  ]);
  expect(labels(await completeAt(MAIN.replace("image 64x64", "image 64x64\n  augment hflip, |")))).toEqual([
    "hflip",
    "vflip",
    "rotate",
    "crop",
    "jitter",
  ]);
  expect(labels(await completeAt(MAIN.replace("image 64x64", "image 64x64\n  positive |")))).toEqual([
    "no_dr",
    "mild",
    "moderate",
    "severe",
    "proliferative",
  ]);
});

test("after a broken statement, the statement being written still completes", async () => {
  const broken = MAIN.replace(
    "stage top { unfreeze layer4; lr 1e-4 }",
    "stage top { epochs ; lr 1e-4\n  optimizer | }",
  );
  expect(labels(await completeAt(broken))).toEqual(["sgd", "adam", "adamw", "rmsprop"]);
});

test("nothing inside a comment or a string", async () => {
  expect(await completeAt(`# a comment |\n${MAIN}`)).toEqual([]);
  expect(await completeAt(MAIN.replace("image 64x64", 'weights "w/|'))).toEqual([]);
});
