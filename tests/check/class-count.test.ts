import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("a classifier needs two classes; classes are listed once", () => {
  expect(diagnose(withLarynx('  data imagefolder "x"\n  classes benign'))).toEqual([
    "main.thtl:5:3: error THTL2029: domain 'larynx' has 1 class; a classifier needs at least two",
  ]);
  expect(diagnose(withLarynx('  data imagefolder "x"\n  classes benign, malignant, benign'))).toEqual([
    "main.thtl:5:30: error THTL2010: 'benign' is listed more than once in `classes`",
  ]);
});
