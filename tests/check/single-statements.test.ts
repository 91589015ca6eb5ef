import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("a statement given twice in one block", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 1; epochs 2 }\n}"))).toEqual([
    "main.thtl:4:35: error THTL2009: `epochs` is given more than once in stage 'a'",
  ]);
});
