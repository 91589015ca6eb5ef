import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("an unknown model suggests an architecture", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnt18; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:3:23: error THTL2005: unknown model 'resnt18': it is neither a built-in architecture nor a declared model; did you mean 'resnet18'?",
  ]);
});

test("a model variant is known by its name", () => {
  expect(
    diagnose(
      `${LARYNX}\n${HEAD}\nmodel small { arch resnet18; width 0.5 }\nexperiment e { models small; chain scratch -> larynx with s }`,
    ),
  ).toEqual([]);
});
