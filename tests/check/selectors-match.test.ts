import { expect, test } from "vitest";
import { diagnose, diagnoseWithNotes, LARYNX } from "./helpers.js";

const run = (models: string, stages: string) =>
  `${LARYNX}\nexperiment e { models ${models}; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("a selector that matches nothing names the model and lists its groups", () => {
  expect(diagnose(run("resnet18", "  stage a { train layer5; epochs 1 }"))).toEqual([
    "main.thtl:4:19: error THTL2055: 'layer5' matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head); did you mean 'layer1'?",
  ]);
});

test("a selector that fails for only some models is the experiment's fault: reported at the models entry, with a note at the selector", () => {
  expect(diagnoseWithNotes(run("resnet18, vgg16", "  stage a { train layer4; epochs 1 }"))).toEqual([
    "main.thtl:2:33: error THTL2055: 'layer4' matches nothing in model 'vgg16' (groups: block1, block2, block3, block4, block5, classifier, head)",
    "  main.thtl:4:19: the selector is here, in schedule 's'",
  ]);
});

test("so is one that fails only in another experiment running the schedule", () => {
  const source = `${run("resnet18", "  stage a { train layer4; epochs 1 }")}\nexperiment f { models densenet121, vgg16; chain scratch -> larynx with s }`;
  expect(diagnoseWithNotes(source)).toEqual([
    "main.thtl:6:23: error THTL2055: 'layer4' matches nothing in model 'densenet121' (groups: stem, denseblock1, transition1, denseblock2, transition2, denseblock3, transition3, denseblock4, head)",
    "  main.thtl:4:19: the selector is here, in schedule 's'",
    "main.thtl:6:36: error THTL2055: 'layer4' matches nothing in model 'vgg16' (groups: block1, block2, block3, block4, block5, classifier, head)",
    "  main.thtl:4:19: the selector is here, in schedule 's'",
  ]);
});

test("a selector that fails for every model running the schedule is the schedule's fault: reported at the selector", () => {
  expect(diagnoseWithNotes(run("vgg16, densenet121", "  stage a { train layer4; epochs 1 }"))).toEqual([
    "main.thtl:4:19: error THTL2055: 'layer4' matches nothing in model 'vgg16' (groups: block1, block2, block3, block4, block5, classifier, head)",
  ]);
});

test("ranges run forwards; last N fits the model", () => {
  expect(
    diagnose(
      run(
        "resnet18",
        "  stage a { train layer4..layer2; epochs 1 }\n  stage b { train last 6; epochs 1 }\n  stage c { train last 0; epochs 1 }",
      ),
    ),
  ).toEqual([
    "main.thtl:4:19: error THTL2056: range 'layer4..layer2' runs backwards in model 'resnet18': 'layer4' comes after 'layer2'",
    "main.thtl:5:19: error THTL2057: 'last 6' asks for more groups than model 'resnet18' has before head (5: stem, layer1, layer2, layer3, layer4)",
    "main.thtl:6:19: error THTL2041: `last` must be a positive whole number, not 0",
  ]);
});

test("a glob that matches no layer path", () => {
  expect(diagnose(run("resnet18", '  stage a { train "layer9.*"; epochs 1 }'))).toEqual([
    "main.thtl:4:19: error THTL2055: \"layer9.*\" matches nothing in model 'resnet18' (groups: stem, layer1, layer2, layer3, layer4, head)",
  ]);
});
