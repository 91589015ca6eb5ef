import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("stage names are unique within a schedule", () => {
  expect(
    diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 1 }\n  stage a { unfreeze all; epochs 1 }\n}")),
  ).toEqual(["main.thtl:5:9: error THTL2008: stage 'a' is declared more than once in schedule 's'"]);
});

test("stage names are unique within an inline schedule", () => {
  const source = `${LARYNX}\nexperiment e { models resnet18; chain scratch -> larynx with { stage a { train head; epochs 1 } stage a { train all; epochs 1 } } }`;
  expect(diagnose(source)).toEqual([
    "main.thtl:2:103: error THTL2008: stage 'a' is declared more than once in the inline schedule of experiment 'e'",
  ]);
});
