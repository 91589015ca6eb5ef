import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

const IMAGENET = 'domain imagenet { weights "w/{model}" }';

test("a chain that starts at a data domain, or trains on a weights domain", () => {
  expect(diagnose(`${LARYNX}\n${IMAGENET}\n${HEAD}\nexperiment e { models resnet18; chain larynx -> imagenet with s }`)).toEqual([
    "main.thtl:4:39: error THTL2070: the chain starts at data domain 'larynx': start from `scratch` or a weights domain",
    "main.thtl:4:49: error THTL2071: 'imagenet' is a weights domain and has no data to train on; every domain after the start must have `data`",
  ]);
});

test("an experiment needs models and a chain", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { seeds 1 }`)).toEqual([
    "main.thtl:1:8: warning THTL2011: domain 'larynx' is declared but no experiment uses it",
    "main.thtl:2:10: warning THTL2012: schedule 's' is declared but no experiment uses it",
    "main.thtl:3:12: error THTL2072: experiment 'e' has no `models` and no `chain`",
  ]);
});

test("models and seeds are listed once; seeds are whole numbers", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models resnet18, resnet18; seeds 1, 1.5, 1; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:3:33: error THTL2010: 'resnet18' is listed more than once in `models`",
    "main.thtl:3:52: error THTL2042: `seeds` must be a whole number, 0 or more, not 1.5",
    "main.thtl:3:57: error THTL2010: '1' is listed more than once in `seeds`",
  ]);
});

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

test("the data domains of a chain agree on image size unless the experiment sets input", () => {
  const domains = "domain a { data synth natural 10; image 32x32 }\ndomain b { data synth larynx 10; image 48x48 }";
  expect(diagnose(`${domains}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> a with s -> b with s }`)).toEqual([
    "main.thtl:4:62: error THTL2074: domain 'b' uses images of 48x48, but 'a' earlier in the chain uses 32x32; give both the same `image` or the experiment an `input`",
  ]);
  expect(diagnose(`${domains}\n${HEAD}\nexperiment e { models resnet18; input 40x40; chain scratch -> a with s -> b with s }`)).toEqual([]);
});

test("the data domains of a chain agree on image mode", () => {
  const domains = "domain a { data synth natural 10; image 32x32 grayscale }\ndomain b { data synth larynx 10; image 32x32 }";
  expect(diagnose(`${domains}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> a with s -> b with s }`)).toEqual([
    "main.thtl:4:62: error THTL2075: domain 'b' is rgb, but 'a' earlier in the chain is grayscale; a model takes one kind of image",
  ]);
});

test("model values in range", () => {
  expect(diagnose(`${LARYNX}\n${HEAD}\nmodel m { arch resnet18; width 0; dropout 1 }\nexperiment e { models m; chain scratch -> larynx with s }`)).toEqual([
    "main.thtl:3:32: error THTL2040: `width` must be a positive number, not 0",
    "main.thtl:3:43: error THTL2042: `dropout` must be at least 0 and below 1, not 1",
  ]);
});
