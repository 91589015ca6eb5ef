import { expect, test } from "vitest";
import { diagnose, LARYNX } from "./helpers.js";

const run = (models: string, stages: string) =>
  `${LARYNX}\nexperiment e { models ${models}; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("a stage's lr for groups frozen in that stage is a warning", () => {
  expect(diagnose(run("resnet18", "  stage a { train head; lr layer1 1e-5; epochs 1 }"))).toEqual([
    "main.thtl:4:25: warning THTL2060: `lr layer1` has no effect in stage 'a' of model 'resnet18': 'layer1' is frozen there",
  ]);
});

test("an lr per group in defaults may name groups unfrozen later", () => {
  expect(
    diagnose(
      run("resnet18", "  defaults { epochs 1; lr layer1 1e-5 }\n  stage a { train head }\n  stage b { unfreeze all }"),
    ),
  ).toEqual([]);
});
