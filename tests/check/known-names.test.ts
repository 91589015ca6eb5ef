import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD, LARYNX } from "./helpers.js";

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

test("an unknown schedule", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> larynx with ss }`)).toEqual([
    "main.thtl:2:10: warning THTL2012: schedule 's' is declared but no experiment uses it",
    "main.thtl:3:62: error THTL2004: unknown schedule 'ss'; did you mean 's'?",
  ]);
});

test("an unknown model suggests an architecture", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnt18; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:3:23: error THTL2005: unknown model 'resnt18': it is neither a built-in architecture nor a declared model; did you mean 'resnet18'?",
  ]);
});

test("a model variant is known by its name", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nmodel small { arch resnet18; width 0.5 }\nexperiment e { models small; chain scratch -> larynx with s }`)).toEqual([]);
});

test("unused domains and schedules are warnings in a file with experiments", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\n${EXPERIMENT}\ndomain spare { data synth natural 10 }\nschedule t { stage a { train all; epochs 1 } }`)).toEqual([
    "main.thtl:4:8: warning THTL2011: domain 'spare' is declared but no experiment uses it",
    "main.thtl:5:10: warning THTL2012: schedule 't' is declared but no experiment uses it",
  ]);
});

test("a file without experiments is a library: nothing in it is unused", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}`)).toEqual([]);
});
