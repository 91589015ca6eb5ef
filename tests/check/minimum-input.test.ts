import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

test("an input smaller than the architecture allows", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models inception_v3; input 64x64; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:3:43: error THTL2073: input 64x64 is smaller than architecture 'inception_v3' of model 'inception_v3' allows (at least 75x75)",
  ]);
});

test("an input from a domain's image is checked where the domain sets it", () => {
  expect(diagnose(`domain larynx { data synth larynx 10; image 28x28 }\n${HEAD}\nexperiment e { models densenet121; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:1:45: error THTL2073: input 28x28 is smaller than architecture 'densenet121' of model 'densenet121' allows (at least 29x29)",
  ]);
});
