import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type { Plan } from "../plan/types.js";

/** `schema/plan.schema.json`, two folders up from both `src/compile/` and `dist/compile/`. */
export const PLAN_SCHEMA_URL = new URL("../../schema/plan.schema.json", import.meta.url);

let validator: ValidateFunction | undefined;

/**
 * The schema's violations by a plan, one line each (`/runs/0/seed: must be integer`); empty when
 * valid. ajv is loaded on the first call (synchronously, through `require`), so commands that
 * never validate a plan do not pay for it.
 */
export function planViolations(plan: Plan): string[] {
  if (!validator) {
    const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
    const schema = JSON.parse(readFileSync(PLAN_SCHEMA_URL, "utf8"));
    validator = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  }
  if (validator(plan)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? "is invalid"}`);
}
