import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { compileFile, planViolations } from "../../src/compile/index.js";
import { PLAN_SCHEMA_URL } from "../../src/compile/validate.js";
import type { Plan } from "../../src/plan/types.js";
import { specExamples } from "../language/corpus.js";
import { planOf } from "./helpers.js";

/** Every key under a `properties` of the schema, at any depth. */
function schemaProperties(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => schemaProperties(item, found));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties") Object.keys(value as object).forEach((name) => found.add(name));
      schemaProperties(value, found);
    }
  }
  return found;
}

/** Every property name declared in the plan's type file (`name:` or `name?:`, outside comments). */
function typeProperties(): Set<string> {
  const text = readFileSync(new URL("../../src/plan/types.ts", import.meta.url), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "");
  return new Set([...text.matchAll(/(?:[{;]|^)\s*(\w+)\??:/gm)].map((match) => match[1]!));
}

describe("src/plan/types.ts and schema/plan.schema.json", () => {
  test("name the same properties", () => {
    const schema = JSON.parse(readFileSync(PLAN_SCHEMA_URL, "utf8"));
    const names = [...typeProperties()].sort();
    expect(names).toEqual(
      expect.arrayContaining([
        "planVersion",
        "runs",
        "hops",
        "stages",
        "frozenPrefix",
        "cacheable",
        "momentum",
        "degrees",
      ]),
    );
    expect([...schemaProperties(schema)].sort()).toEqual(names);
  });

  test("the plans of the spec's examples and of schedules/ validate", () => {
    for (const example of specExamples()) expect(planViolations(planOf(example.text))).toEqual([]);
    const study = compileFile("schedules/study.thtl");
    expect(study.diagnostics).toEqual([]);
    expect(planViolations(study.plan!)).toEqual([]);
  });

  test("the schema rejects a missing field, an extra field and a wrong value", () => {
    const plan = planOf(specExamples()[0]!.text);
    const copy = (): Plan => JSON.parse(JSON.stringify(plan));
    const missing = copy();
    delete (missing.runs[0]!.hops[0]!.stages[0] as Partial<Plan["runs"][0]["hops"][0]["stages"][0]>).hash;
    expect(planViolations(missing)).toEqual(["/runs/0/hops/0/stages/0: must have required property 'hash'"]);
    const extra = copy() as Plan & { runs: ({ extra?: number } & Plan["runs"][0])[] };
    extra.runs[0]!.extra = 1;
    expect(planViolations(extra)).toEqual(["/runs/0: must NOT have additional properties"]);
    const wrong = copy();
    (wrong.runs[0]!.hops[0] as { head: string }).head = "reused";
    expect(planViolations(wrong)).toEqual(["/runs/0/hops/0/head: must be equal to one of the allowed values"]);
  });
});
