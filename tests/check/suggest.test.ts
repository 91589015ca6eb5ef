import { expect, test } from "vitest";
import { closestName, didYouMean, didYouMeanOrList, editDistance } from "../../src/diagnostics/suggest.js";

test("Damerau-Levenshtein distance counts a swap of neighbours as one edit", () => {
  expect(editDistance("larynx", "larnyx")).toBe(1);
  expect(editDistance("resnet18", "resnt18")).toBe(1);
  expect(editDistance("fundus", "fundsu")).toBe(1);
  expect(editDistance("abc", "")).toBe(3);
  expect(editDistance("kitten", "sitting")).toBe(3);
});

test("suggests only plausible typos: a third of the name's length, case differences always", () => {
  expect(closestName("layr4", ["stem", "layer4", "head"])).toBe("layer4");
  expect(closestName("HEAD", ["stem", "head"])).toBe("head");
  expect(closestName("xyz", ["stem", "head"])).toBeUndefined();
  expect(didYouMean("ful", ["full", "swft"])).toBe("; did you mean 'full'?");
  expect(didYouMean("openimages", ["imagenet"])).toBe("");
  expect(didYouMeanOrList("auc", ["val_loss", "val_acc"])).toBe("; use val_loss or val_acc");
});
