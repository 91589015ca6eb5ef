import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("model values in range", () => {
  expect(
    diagnose(
      `${LARYNX}\n${HEAD}\nmodel m { arch resnet18; width 0; dropout 1 }\nexperiment e { models m; chain scratch -> larynx with s }`,
    ),
  ).toEqual([
    "main.thtl:3:32: error THTL2040: `width` must be a positive number, not 0",
    "main.thtl:3:43: error THTL2042: `dropout` must be at least 0 and below 1, not 1",
  ]);
});

test("non-positive lr, epochs and batch", () => {
  expect(
    diagnose(
      withSchedule(
        "schedule s {\n  stage a { train head; epochs 0; batch 2.5; lr 0 }\n  stage b { lr -1e-3; epochs 1 }\n}",
      ),
    ),
  ).toEqual([
    "main.thtl:4:32: error THTL2041: `epochs` must be a positive whole number, not 0",
    "main.thtl:4:41: error THTL2041: `batch` must be a positive whole number, not 2.5",
    "main.thtl:4:49: error THTL2040: `lr` must be a positive number, not 0",
    "main.thtl:5:16: error THTL2040: `lr` must be a positive number, not -1e-3",
  ]);
});
