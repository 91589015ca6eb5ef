import { expect, test } from "vitest";
import { diagnose, diagnoseWithNotes, HEAD } from "./helpers.js";

test("the data domains of a chain agree on image size unless the experiment sets input", () => {
  const domains = "domain a { data synth natural 10; image 32x32 }\ndomain b { data synth larynx 10; image 48x48 }";
  expect(
    diagnose(`${domains}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> a with s -> b with s }`),
  ).toEqual([
    "main.thtl:4:62: error THTL2074: domain 'b' uses images of 48x48, but 'a' earlier in the chain uses 32x32; give both the same `image` or the experiment an `input`",
  ]);
  expect(
    diagnose(
      `${domains}\n${HEAD}\nexperiment e { models resnet18; input 40x40; chain scratch -> a with s -> b with s }`,
    ),
  ).toEqual([]);
});

test("the data domains of a chain agree on image mode: reported at the chain, with notes where the domains set it", () => {
  const domains =
    "domain a { data synth natural 10; image 32x32 grayscale }\ndomain b { data synth larynx 10; image 32x32 }";
  expect(
    diagnoseWithNotes(`${domains}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> a with s -> b with s }`),
  ).toEqual([
    "main.thtl:4:62: error THTL2075: domain 'b' is rgb, but 'a' earlier in the chain is grayscale; a model takes one kind of image",
    "  main.thtl:1:35: 'a' sets its image mode here",
    "  main.thtl:2:34: 'b' sets its image mode here",
  ]);
});
