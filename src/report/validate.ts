import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import type { Report } from "./report-types.js";

/** `schema/report.schema.json`, two folders up from both `src/report/` and `dist/report/`. */
export const REPORT_SCHEMA_URL = new URL("../../schema/report.schema.json", import.meta.url);

let validator: ValidateFunction | undefined;

/** The schema's violations by a report, one line each; empty when valid. */
export function reportViolations(report: Report): string[] {
  if (!validator) {
    const { Ajv2020 } = createRequire(import.meta.url)("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
    validator = new Ajv2020({ allErrors: true, strict: true }).compile(
      JSON.parse(readFileSync(REPORT_SCHEMA_URL, "utf8")),
    );
  }
  if (validator(report)) return [];
  return (validator.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? "is invalid"}`);
}
