import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD, LARYNX } from "./helpers.js";

test("unused domains and schedules are warnings in a file with experiments", () => {
  expect(
    diagnose(
      `${LARYNX}\n${HEAD}\n${EXPERIMENT}\ndomain spare { data synth natural 10 }\nschedule t { stage a { train all; epochs 1 } }`,
    ),
  ).toEqual([
    "main.thtl:4:8: warning THTL2011: domain 'spare' is declared but no experiment uses it",
    "main.thtl:5:10: warning THTL2012: schedule 't' is declared but no experiment uses it",
  ]);
});

test("a file without experiments is a library: nothing in it is unused", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}`)).toEqual([]);
});
