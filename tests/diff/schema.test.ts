import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { diffPlans } from "../../src/diff/diff-plans.js";
import { renderJson } from "../../src/diff/render-json.js";
import { buildPlan } from "./plan-builder.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/diff.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const GOLDEN = fileURLToPath(new URL("./golden/", import.meta.url));

function violations(document: unknown): string[] {
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message}`);
}

describe("schema/diff.schema.json", () => {
  test.each(readdirSync(GOLDEN).filter((name) => name.endsWith(".json")))("accepts golden/%s", (name) => {
    expect(violations(JSON.parse(readFileSync(`${GOLDEN}${name}`, "utf8")))).toEqual([]);
  });

  const W = { name: "w", trainable: ["head", "layer3"] };
  test("accepts --all output, where every verdict and change kind appears", () => {
    const before = buildPlan([
      {
        name: "a",
        models: ["resnet18"],
        chain: [
          {
            domain: "fundus",
            stages: [W, { name: "x", trainable: ["head"] }, { name: "y", trainable: ["head", "layer4"] }],
          },
        ],
      },
      {
        name: "gone",
        models: ["resnet18"],
        chain: [{ domain: "fundus", stages: [{ name: "x", trainable: ["head"] }] }],
      },
    ]);
    const after = buildPlan([
      {
        name: "a",
        models: ["resnet18", "vgg16"],
        chain: [
          {
            domain: "fundus",
            stages: [
              W,
              { name: "y", trainable: ["head", "layer4"] },
              { name: "x2", trainable: ["head"] },
              { name: "z", trainable: ["head"], groupLr: { head: 1e-2 } },
            ],
          },
        ],
      },
    ]);
    const output = JSON.parse(renderJson([diffPlans(before, after, { old: "a", new: "b" })], { all: true }));
    expect(violations(output)).toEqual([]);
    const kinds = new Set(JSON.stringify(output).match(/"kind":"\w+"|"change":"\w+"/g));
    expect([...kinds].sort()).toEqual([
      '"change":"added"',
      '"change":"changed"',
      '"change":"moved"',
      '"change":"removed"',
      '"change":"unchanged"',
      '"kind":"new"',
      '"kind":"own"',
      '"kind":"reusable"',
      '"kind":"upstream"',
    ]);
  });

  test("rejects a document that does not follow it", () => {
    expect(violations({ diffVersion: 1, comparisons: [{ old: "a", new: "b", equal: "no" }] })).not.toEqual([]);
  });
});
