import { expect, test } from "vitest";
import { diagnose, diagnoseWithNotes, HEAD, LARYNX } from "./helpers.js";

test("an input smaller than the architecture allows", () => {
  expect(
    diagnose(`${LARYNX}\n${HEAD}\nexperiment e { models inception_v3; input 64x64; chain scratch -> larynx with s }`),
  ).toEqual([
    "main.thtl:3:43: error THTL2073: input 64x64 is smaller than architecture 'inception_v3' of model 'inception_v3' allows (at least 75x75)",
  ]);
});

test("an input from a domain's image is the experiment's fault: reported at its models entry, with a note at the image", () => {
  const domain = "domain larynx { data synth larynx 10; image 28x28 }";
  expect(
    diagnoseWithNotes(
      `${domain}\n${HEAD}\nexperiment e { models resnet18, densenet121; chain scratch -> larynx with s }`,
    ),
  ).toEqual([
    "main.thtl:3:33: error THTL2073: input 28x28 is smaller than architecture 'densenet121' of model 'densenet121' allows (at least 29x29)",
    "  main.thtl:1:45: 'larynx' sets the image size here",
  ]);
});

test("each experiment that runs a domain with a model too large for its images is reported, in the file that declares it", () => {
  const files = {
    "main.thtl": `import "lib.thtl"\n${HEAD}\nexperiment ok { models resnet18; chain scratch -> larynx with s }\nexperiment big { models inception_v3; chain scratch -> larynx with s }`,
    "lib.thtl": "domain larynx { data synth larynx 10; image 64x64 }",
  };
  expect(diagnoseWithNotes(files)).toEqual([
    "main.thtl:4:25: error THTL2073: input 64x64 is smaller than architecture 'inception_v3' of model 'inception_v3' allows (at least 75x75)",
    "  lib.thtl:1:45: 'larynx' sets the image size here",
  ]);
});

test("a variant's own input is the variant's fault", () => {
  expect(
    diagnose(
      `${LARYNX}\n${HEAD}\nmodel small { arch inception_v3; input 64x64 }\nexperiment e { models small; chain scratch -> larynx with s }`,
    ),
  ).toEqual([
    "main.thtl:3:40: error THTL2073: input 64x64 is smaller than architecture 'inception_v3' of model 'small' allows (at least 75x75)",
  ]);
});
