import { expect, test } from "vitest";
import { diagnose, LARYNX } from "./helpers.js";

const run = (models: string, stages: string) =>
  `${LARYNX}\nexperiment e { models ${models}; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("a stage that leaves nothing trainable", () => {
  expect(diagnose(run("resnet18", "  stage a { train head; epochs 1 }\n  stage b { freeze head; epochs 1 }"))).toEqual([
    "main.thtl:5:9: error THTL2054: stage 'b' leaves nothing trainable in model 'resnet18'",
  ]);
});

test("the first stage of a hop starts with nothing trainable", () => {
  expect(diagnose(run("resnet18", "  stage a { epochs 1 }"))).toEqual([
    "main.thtl:4:9: error THTL2054: stage 'a' leaves nothing trainable in model 'resnet18'",
  ]);
});
