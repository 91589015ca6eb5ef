import { expect, test } from "vitest";
import { diagnose, LARYNX } from "./helpers.js";

const run = (stages: string) =>
  `${LARYNX}\nexperiment e { models resnet18; chain scratch -> larynx with s }\nschedule s {\n${stages}\n}`;

test("freezing groups that are already frozen is a warning", () => {
  expect(
    diagnose(run('  stage a { train all; epochs 1 }\n  stage b { freeze stem; freeze stem, "layer1.0.*"; epochs 1 }')),
  ).toEqual(["main.thtl:5:33: warning THTL2059: `freeze stem` has no effect in stage 'b': 'stem' is already frozen"]);
});

test("freezing part of a trainable group has an effect", () => {
  expect(
    diagnose(run('  stage a { train layer1, head; epochs 1 }\n  stage b { freeze "layer1.0.*"; epochs 1 }')),
  ).toEqual([]);
});
