import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD } from "./helpers.js";

const withLarynx = (domain: string) => `${HEAD}\n${EXPERIMENT}\ndomain larynx {\n${domain}\n}`;

test("augmentations: unknown, missing value, extra value, out of range", () => {
  expect(diagnose(withLarynx("  data synth larynx 10\n  augment hflp, rotate, vflip 2, crop 1.5"))).toEqual([
    "main.thtl:5:11: error THTL2025: unknown augmentation 'hflp'; did you mean 'hflip'?",
    "main.thtl:5:17: error THTL2026: `rotate` needs a value: `rotate DEGREES`, e.g. `rotate 15`",
    "main.thtl:5:31: error THTL2027: `vflip` takes no value",
    "main.thtl:5:39: error THTL2042: `crop` must be above 0 and at most 1 (a fraction of the image), not 1.5",
  ]);
});
