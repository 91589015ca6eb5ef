import { expect, test } from "vitest";
import { parse } from "../../src/language/parse.js";
import { print } from "../../src/language/printer.js";
import { planOf } from "../compile/helpers.js";
import { planViolations } from "../../src/compile/index.js";
import { diagnose, HEAD, LARYNX } from "./helpers.js";

const experiment = (body: string) =>
  `${LARYNX}\n${HEAD}\nexperiment e { models resnet18; chain scratch -> larynx with s; ${body} }`;

test("`cam N` takes a positive whole number of images, once per experiment", () => {
  expect(diagnose(experiment("cam 8"))).toEqual([]);
  expect(diagnose(experiment("cam 0"))).toEqual([
    "main.thtl:3:69: error THTL2041: `cam` must be a positive whole number, not 0",
  ]);
  expect(diagnose(experiment("cam 2.5"))).toEqual([
    "main.thtl:3:69: error THTL2041: `cam` must be a positive whole number, not 2.5",
  ]);
  expect(diagnose(experiment("cam 4; cam 8"))).toEqual([
    "main.thtl:3:72: error THTL2009: `cam` is given more than once in experiment 'e'",
  ]);
});

test("`cam N` compiles into the runs of the experiment; without it the plan has no `cam`", () => {
  const plan = planOf(experiment("seeds 1, 2; cam 6"));
  expect(plan.runs.map((r) => r.cam)).toEqual([6, 6]);
  expect(planViolations(plan)).toEqual([]);
  const plain = planOf(experiment("seeds 1"));
  expect("cam" in plain.runs[0]!).toBe(false);
  // Maps do not change what trains: the stage hashes are the same with and without them.
  expect(planOf(experiment("seeds 1; cam 6")).runs[0]!.hops[0]!.stages[0]!.hash).toBe(
    plain.runs[0]!.hops[0]!.stages[0]!.hash,
  );
});

test("the formatter keeps `cam N` in the experiment", () => {
  const { document, diagnostics } = parse("experiment e {\n  models resnet18\n  cam   8\n}\n", "main.thtl");
  expect(diagnostics).toEqual([]);
  expect(print(document)).toBe("experiment e {\n  models resnet18\n  cam 8\n}\n");
});
