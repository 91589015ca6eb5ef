import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

const use = (model: string) => `${LARYNX}\n${HEAD}\nexperiment e { models ${model}; chain scratch -> larynx with s }`;

test("an unknown architecture suggests the closest", () => {
  expect(diagnose(`${use("m")}\nmodel m { arch resnet19 }`)).toEqual([
    "main.thtl:4:16: error THTL2006: unknown architecture 'resnet19'; did you mean 'resnet18'?",
  ]);
});

test("an unknown architecture with nothing close points at `thtl models`", () => {
  expect(diagnose(`${use("m")}\nmodel m { arch transformer }`)).toEqual([
    "main.thtl:4:16: error THTL2006: unknown architecture 'transformer'; `thtl models` lists the architectures",
  ]);
});

test("a variant without arch", () => {
  expect(diagnose(`${use("m")}\nmodel m { width 0.5 }`)).toEqual([
    "main.thtl:4:7: error THTL2076: model 'm' has no `arch`",
  ]);
});

test("a variant may not take a built-in architecture's name", () => {
  expect(diagnose(`${use("resnet18")}\nmodel resnet18 { arch resnet18; width 0.5 }`)).toEqual([
    "main.thtl:4:7: error THTL2007: model 'resnet18' has the name of a built-in architecture; give the variant another name",
  ]);
});

test("an architecture's variant must be one it has", () => {
  expect(diagnose(`${use("m")}\nmodel m { arch xception torchvision }`)).toEqual([
    "main.thtl:4:25: error THTL2077: architecture 'xception' has no variant 'torchvision'; its variants are keras",
  ]);
  expect(diagnose(`${use("m")}\nmodel m { arch resnet50 torchvision }`)).toEqual([]);
});
