import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("an unknown schedule", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> larynx with ss }`)).toEqual([
    "main.thtl:2:10: warning THTL2012: schedule 's' is declared but no experiment uses it",
    "main.thtl:3:62: error THTL2004: unknown schedule 'ss'; did you mean 's'?",
  ]);
});
