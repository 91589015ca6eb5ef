import { describe, expect, test } from "vitest";
import { diagnose, EXPERIMENT, HEAD, LARYNX } from "./helpers.js";

describe("imports", () => {
  test("an imported file's declarations are visible, relative to the importing file", () => {
    expect(
      diagnose({
        "main.thtl": `import "lib/common.thtl"\n${EXPERIMENT}`,
        "lib/common.thtl": `import "schedules.thtl"\n${LARYNX}`,
        "lib/schedules.thtl": HEAD,
      }),
    ).toEqual([]);
  });

  test("a missing import is an error at the import's path", () => {
    expect(diagnose({ "main.thtl": `${LARYNX}\nimport "missing.thtl"` })).toEqual([
      "main.thtl:2:8: error THTL2000: cannot find the imported file 'missing.thtl'",
    ]);
  });

  test("a cycle is an error naming every file in it", () => {
    const files = { "a.thtl": 'import "b.thtl"', "b.thtl": 'import "c.thtl"', "c.thtl": 'import "a.thtl"' };
    expect(diagnose(files)).toEqual(["c.thtl:1:8: error THTL2001: import cycle: a.thtl -> b.thtl -> c.thtl -> a.thtl"]);
  });

  test("a file imported twice is read once, so its names are not duplicates", () => {
    const files = {
      "main.thtl": `import "a.thtl"\nimport "b.thtl"\n${EXPERIMENT}`,
      "a.thtl": `import "c.thtl"\n${HEAD}`,
      "b.thtl": 'import "c.thtl"',
      "c.thtl": LARYNX,
    };
    expect(diagnose(files)).toEqual([]);
  });
});

test("every import of a missing file is reported where it is written", () => {
  const files = { "main.thtl": 'import "a.thtl"\nimport "gone.thtl"', "a.thtl": 'import "gone.thtl"' };
  expect(diagnose(files)).toEqual([
    "main.thtl:2:8: error THTL2000: cannot find the imported file 'gone.thtl'",
    "a.thtl:1:8: error THTL2000: cannot find the imported file 'gone.thtl'",
  ]);
});
