import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("models and seeds are listed once; seeds are whole numbers", () => {
  expect(
    diagnose(
      `${LARYNX}\n${HEAD}\nexperiment e { models resnet18, resnet18; seeds 1, 1.5, 1; chain scratch -> larynx with s }`,
    ),
  ).toEqual([
    "main.thtl:3:33: error THTL2010: 'resnet18' is listed more than once in `models`",
    "main.thtl:3:52: error THTL2042: `seeds` must be a whole number, 0 or more, not 1.5",
    "main.thtl:3:57: error THTL2010: '1' is listed more than once in `seeds`",
  ]);
});
