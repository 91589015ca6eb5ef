import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("an unknown domain in a chain suggests the closest name", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> larnyx with s }`)).toEqual([
    "main.thtl:1:8: warning THTL2011: domain 'larynx' is declared but no experiment uses it",
    "main.thtl:3:50: error THTL2003: unknown domain 'larnyx'; did you mean 'larynx'?",
  ]);
});

test("an unknown chain start is reported without a suggestion when nothing is close", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnet18; chain openimages -> larynx with s }`)).toEqual([
    "main.thtl:3:39: error THTL2003: unknown domain 'openimages'",
  ]);
});
