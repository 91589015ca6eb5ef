import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("a domain with both weights and data, or neither", () => {
  expect(diagnose(withLarynx('  weights "w"\n  data synth larynx 10'))).toEqual([
    "main.thtl:3:8: error THTL2020: domain 'larynx' has both `weights` and `data`: a domain is either pretrained weights or a dataset",
  ]);
  expect(diagnose(withLarynx("  image 32x32"))).toEqual([
    "main.thtl:3:8: error THTL2021: domain 'larynx' has neither `weights` nor `data`",
  ]);
});

test("dataset statements in a weights domain have no effect", () => {
  const source = `${HEAD}\nexperiment e { models resnet18; chain imagenet -> larynx with s }\ndomain larynx { data synth larynx 10 }\ndomain imagenet {\n  weights "w/{model}"\n  augment hflip\n}`;
  expect(diagnose(source)).toEqual([
    "main.thtl:6:3: warning THTL2031: `augment` has no effect in weights domain 'imagenet'",
  ]);
});
