import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { SEMANTIC_CODES } from "../../src/diagnostics/codes/semantic.js";

test("every semantic code is asserted by some test, and every rule has its test file", () => {
  const folder = new URL("./", import.meta.url);
  const tests = readdirSync(folder).filter((name) => name.endsWith(".test.ts"));
  const text = tests.map((name) => readFileSync(new URL(name, folder), "utf8")).join("\n");
  expect(Object.keys(SEMANTIC_CODES).filter((code) => !text.includes(` ${code}: `))).toEqual([]);
  const rules = readdirSync(new URL("../../src/check/rules/", import.meta.url)).map((name) =>
    name.replace(/\.ts$/, ".test.ts"),
  );
  expect(rules.filter((name) => !tests.includes(name))).toEqual([]);
});
