import { expect, test } from "vitest";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

const IMAGENET = 'domain imagenet { weights "w/{model}" }';

test("a chain that starts at a data domain, or trains on a weights domain", () => {
  expect(
    diagnose(`${LARYNX}\n${IMAGENET}\n${HEAD}\nexperiment e { models resnet18; chain larynx -> imagenet with s }`),
  ).toEqual([
    "main.thtl:4:39: error THTL2070: the chain starts at data domain 'larynx': start from `scratch` or a weights domain",
    "main.thtl:4:49: error THTL2071: 'imagenet' is a weights domain and has no data to train on; every domain after the start must have `data`",
  ]);
});
