import { expect, test } from "vitest";
import { diagnose, LARYNX } from "./helpers.js";

const run = (models: string, stages: string) => `${LARYNX}\nexperiment e { models ${models}; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("a selector that matches nothing names the model and lists its groups", () => {
  expect(diagnose(run("resnet18", "  stage a { train layer5; epochs 1 }"))).toEqual([
    "main.thtl:4:19: error THTL2055: 'layer5' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer1'?",
  ]);
});

test("a selector is resolved against every model of the experiment", () => {
  expect(diagnose(run("resnet18, vgg16", "  stage a { train layer4; epochs 1 }"))).toEqual([
    "main.thtl:4:19: error THTL2055: 'layer4' matches nothing in model 'vgg16' (groups: block1, block2, block3, block4, block5, classifier, head)",
  ]);
});

test("ranges run forwards; last N fits the model", () => {
  expect(diagnose(run("resnet18", "  stage a { train layer4..layer2; epochs 1 }\n  stage b { train last 6; epochs 1 }\n  stage c { train last 0; epochs 1 }"))).toEqual([
    "main.thtl:4:19: error THTL2056: range 'layer4..layer2' runs backwards in model 'resnet18': 'layer4' comes after 'layer2'",
    "main.thtl:5:19: error THTL2057: 'last 6' asks for more groups than model 'resnet18' has before head (5: stem, layer1, layer2, layer3, layer4)",
    "main.thtl:6:19: error THTL2041: `last` must be a positive whole number, not 0",
  ]);
});

test("a glob that matches no layer path", () => {
  expect(diagnose(run("resnet18", '  stage a { train "layer9.*"; epochs 1 }'))).toEqual([
    'main.thtl:4:19: error THTL2055: "layer9.*" matches nothing in model \'resnet18\' (groups: stem, layer1, layer2, layer3, layer4, head)',
  ]);
});

test("a stage that leaves nothing trainable", () => {
  expect(diagnose(run("resnet18", "  stage a { train head; epochs 1 }\n  stage b { freeze head; epochs 1 }"))).toEqual([
    "main.thtl:5:9: error THTL2054: stage 'b' leaves nothing trainable in model 'resnet18'",
  ]);
});

test("the first stage of a hop starts with nothing trainable", () => {
  expect(diagnose(run("resnet18", "  stage a { epochs 1 }"))).toEqual(["main.thtl:4:9: error THTL2054: stage 'a' leaves nothing trainable in model 'resnet18'"]);
});

test("unfreezing trainable groups and freezing frozen ones are warnings", () => {
  expect(diagnose(run("resnet18", "  stage a { train layer4, head; epochs 1 }\n  stage b { unfreeze layer4..head; freeze layer1; epochs 1 }"))).toEqual([
    "main.thtl:5:22: warning THTL2058: `unfreeze layer4..head` has no effect in stage 'b': 'layer4' and 'head' are already trainable",
    "main.thtl:5:43: warning THTL2059: `freeze layer1` has no effect in stage 'b': 'layer1' is already frozen",
  ]);
});

test("unfreezing a group of which a glob made part trainable is not redundant", () => {
  expect(diagnose(run("resnet18", '  stage a { train head, "layer4.1.**"; epochs 1 }\n  stage b { unfreeze layer4; epochs 1 }'))).toEqual([]);
});

test("a stage's lr for groups frozen in that stage is a warning", () => {
  expect(diagnose(run("resnet18", "  stage a { train head; lr layer1 1e-5; epochs 1 }"))).toEqual([
    "main.thtl:4:25: warning THTL2060: `lr layer1` has no effect in stage 'a' of model 'resnet18': 'layer1' is frozen there",
  ]);
});

test("an lr per group in defaults may name groups unfrozen later", () => {
  expect(diagnose(run("resnet18", "  defaults { epochs 1; lr layer1 1e-5 }\n  stage a { train head }\n  stage b { unfreeze all }"))).toEqual([]);
});
