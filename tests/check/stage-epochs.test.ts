import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("a stage without epochs, and no default, is an error", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head }\n}"))).toEqual([
    "main.thtl:4:9: error THTL2050: stage 'a' has no `epochs`, and schedule 's' has no default for it",
  ]);
});

test("epochs from defaults", () => {
  expect(diagnose(withSchedule("schedule s {\n  defaults { epochs 3 }\n  stage a { train head }\n}"))).toEqual([]);
});
