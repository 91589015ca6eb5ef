import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("unknown optimizer and momentum without sgd", () => {
  expect(
    diagnose(
      withSchedule(
        "schedule s {\n  stage a { train head; epochs 1; optimizer adma }\n  stage b { optimizer adam momentum 0.9; epochs 1 }\n}",
      ),
    ),
  ).toEqual([
    "main.thtl:4:45: error THTL2051: unknown optimizer 'adma'; did you mean 'adam'?",
    "main.thtl:5:37: error THTL2052: `momentum` applies only to sgd, not 'adam'",
  ]);
});
