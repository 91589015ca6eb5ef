import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("positive must be one of the classes", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  positive malignent"))).toEqual([
    "main.thtl:5:12: error THTL2022: positive class 'malignent' is not among the classes of domain 'larynx' (benign, malignant); did you mean 'malignant'?",
  ]);
});
