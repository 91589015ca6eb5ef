import { catalogueMessage, type MessageArgs } from "../diagnostics/catalogue.js";
import { SKIPPABLE_DATA_CODES, type DataCode } from "../diagnostics/codes/data.js";
import type { DataProblem } from "./types.js";

/** A data problem worded by the catalogue (`THTL3xxx`), like every other diagnostic. */
export function dataProblem<C extends DataCode>(code: C, args: MessageArgs<C> & { file: string }): DataProblem {
  return { file: args.file, code, message: catalogueMessage(code, args) };
}

export function isSkippable(problem: DataProblem): boolean {
  return SKIPPABLE_DATA_CODES.has(problem.code);
}
