import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SHARED_SPEC, SPEC_COPY, specExamples } from "./corpus.js";

describe("the spec's copy under tests/language/fixtures", () => {
  it("holds the spec's examples", () => {
    expect(specExamples().length).toBeGreaterThanOrEqual(2);
  });

  // On a machine without the shared folder (a clean checkout in CI) the copy stands alone.
  it.runIf(existsSync(SHARED_SPEC))("matches the shared spec", () => {
    expect(readFileSync(SPEC_COPY, "utf8")).toBe(readFileSync(SHARED_SPEC, "utf8"));
  });
});
