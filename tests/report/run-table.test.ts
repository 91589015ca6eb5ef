import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import { thtl, workspace } from "../cli/helpers.js";

test("thtl run ends a plan of several runs with the report's main table", async () => {
  const cwd = workspace({
    "two.thtl": `version 1
model tiny { arch resnet18; width 0.125 }
domain shapes {
  data synth larynx 24
  positive malignant
  split 50/25/25 seed 1
  image 32x32
}
experiment e {
  models tiny
  seeds 1, 2
  chain scratch -> shapes with { stage head { train head; epochs 1; batch 8 } }
}
`,
  });
  const { code, out } = await thtl(["run", "two.thtl", "--backend", "cpu"], cwd);
  expect(code).toBe(0);
  const acc = [1, 2].map(
    (seed) =>
      (JSON.parse(readFileSync(join(cwd, `runs/e/tiny/seed${seed}/metrics.json`), "utf8")) as RunMetrics).test!.acc,
  );
  const mean = (acc[0]! + acc[1]!) / 2;
  const sd = Math.abs(acc[0]! - acc[1]!) / Math.SQRT2;
  const table = out.slice(out.indexOf("\nTest metrics over seeds"));
  expect(table.split("\n").slice(0, 5)).toEqual([
    "",
    "Test metrics over seeds (mean ± SD [95% t-interval]; `thtl report` for the full report):",
    "",
    "| experiment | model | n | accuracy | macro-F1 | AUC | positive recall | positive precision |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ]);
  expect(table.split("\n")[5]).toMatch(
    new RegExp(`^\\| e \\| tiny \\| 2 \\| ${mean.toFixed(3)} ± ${sd.toFixed(3)} \\[`),
  );
  expect(out.endsWith(" |\n")).toBe(true);
}, 60_000);
