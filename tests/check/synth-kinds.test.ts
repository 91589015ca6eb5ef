import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("synth kinds and their class counts", () => {
  expect(diagnose(withLarynx("  data synth laryxn 10"))).toEqual([
    "main.thtl:4:14: error THTL2028: unknown synth kind 'laryxn'; did you mean 'larynx'?",
  ]);
  expect(diagnose(withLarynx("  data synth larynx 10\n  classes a, b, c"))).toEqual([
    "main.thtl:5:3: error THTL2032: domain 'larynx' lists 3 classes, but synth kind 'larynx' generates 2 (benign, malignant)",
  ]);
});
