import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { thtl, workspace } from "./helpers.js";

const GOOD =
  "domain d { data synth larynx 10 }\nschedule s { stage a { train head; epochs 1 } }\nexperiment e { models resnet18; seeds 1, 2; chain scratch -> d with s }\n";

test("the plan goes to stdout", async () => {
  const { code, out, err } = await thtl(["compile", "good.thtl"], workspace({ "good.thtl": GOOD }));
  expect({ code, err }).toEqual({ code: 0, err: "" });
  const plan = JSON.parse(out);
  expect(plan.runs.map((run: { id: string }) => run.id)).toEqual(["e/resnet18/seed1", "e/resnet18/seed2"]);
  expect(plan.sources).toEqual([{ path: "good.thtl", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
});

test("-o writes the plan file (and nothing else) and says so", async () => {
  const dir = workspace({ "good.thtl": GOOD });
  const { code, out, err } = await thtl(["compile", "good.thtl", "-o", "out/plan.json"], dir);
  expect({ code, out, err }).toEqual({ code: 0, out: "", err: "wrote out/plan.json: 2 runs\n" });
  expect(JSON.parse(readFileSync(join(dir, "out/plan.json"), "utf8")).planVersion).toBe(1);
  expect(readdirSync(join(dir, "out"))).toEqual(["plan.json"]);
});

test("errors: diagnostics on stderr, nothing written, exit 1", async () => {
  const dir = workspace({ "bad.thtl": GOOD.replace("epochs 1", "epochs -1") });
  const { code, out, err } = await thtl(["compile", "bad.thtl", "-o", "plan.json"], dir);
  expect({ code, out }).toEqual({ code: 1, out: "" });
  expect(err.split("\n")[0]).toBe("bad.thtl:2:43: error THTL2041: `epochs` must be a positive whole number, not -1");
  expect(existsSync(join(dir, "plan.json"))).toBe(false);
});

test("--json prints diagnostics as JSON on stderr", async () => {
  const { code, err } = await thtl(
    ["compile", "--json", "bad.thtl"],
    workspace({ "bad.thtl": GOOD.replace("with s", "with t") }),
  );
  expect(code).toBe(1);
  expect(
    JSON.parse(err).map((d: { code: string; line: number; column: number }) => [d.code, d.line, d.column]),
  ).toEqual([
    ["THTL2012", 2, 10],
    ["THTL2004", 3, 69],
  ]);
});

test("one file, or a usage error", async () => {
  const dir = workspace({ "good.thtl": GOOD });
  expect((await thtl(["compile"], dir)).code).toBe(2);
  expect((await thtl(["compile", "good.thtl", "good.thtl"], dir)).code).toBe(2);
});
