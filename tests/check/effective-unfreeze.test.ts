import { expect, test } from "vitest";
import { diagnose, LARYNX } from "./helpers.js";

const run = (models: string, stages: string) =>
  `${LARYNX}\nexperiment e { models ${models}; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("unfreezing trainable groups and freezing frozen ones are warnings", () => {
  expect(
    diagnose(
      run(
        "resnet18",
        "  stage a { train layer4, head; epochs 1 }\n  stage b { unfreeze layer4..head; freeze layer1; epochs 1 }",
      ),
    ),
  ).toEqual([
    "main.thtl:5:22: warning THTL2058: `unfreeze layer4..head` has no effect in stage 'b': 'layer4' and 'head' are already trainable",
    "main.thtl:5:43: warning THTL2059: `freeze layer1` has no effect in stage 'b': 'layer1' is already frozen",
  ]);
});

test("unfreezing a group of which a glob made part trainable is not redundant", () => {
  expect(
    diagnose(
      run("resnet18", '  stage a { train head, "layer4.1.**"; epochs 1 }\n  stage b { unfreeze layer4; epochs 1 }'),
    ),
  ).toEqual([]);
});
