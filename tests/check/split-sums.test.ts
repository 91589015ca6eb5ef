import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("split parts must be positive and sum to 100", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  split 70/20 seed 3"))).toEqual([
    "main.thtl:5:9: error THTL2023: split 70/20 sums to 90, not 100",
  ]);
  expect(diagnose(withLarynx("  data synth larynx 10\n  split 100/0"))).toEqual([
    "main.thtl:5:9: error THTL2024: every part of split 100/0 must be a positive percentage",
  ]);
});
