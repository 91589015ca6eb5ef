import { diagnostic } from "../diagnostics/catalogue.js";
import { SKIPPABLE_DATA_CODES } from "../diagnostics/codes/data.js";
import type { DataProblem } from "./dataset.js";

const NO_SPAN = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

/** A data problem worded by the catalogue (`THTL3xxx`), like every other diagnostic. */
export function dataProblem(code: string, args: Record<string, string | number> & { file: string }): DataProblem {
  return { file: args.file, code, message: diagnostic(code, args, args.file, NO_SPAN).message };
}

export function isSkippable(problem: DataProblem): boolean {
  return SKIPPABLE_DATA_CODES.has(problem.code);
}
