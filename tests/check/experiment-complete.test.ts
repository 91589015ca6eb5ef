import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("an experiment needs models and a chain", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { seeds 1 }`)).toEqual([
    "main.thtl:1:8: warning THTL2011: domain 'larynx' is declared but no experiment uses it",
    "main.thtl:2:10: warning THTL2012: schedule 's' is declared but no experiment uses it",
    "main.thtl:3:12: error THTL2072: experiment 'e' has no `models` and no `chain`",
  ]);
});
