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
