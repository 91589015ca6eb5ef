import {
  compileFile,
  OverrideError,
  parseOverrides,
  type CompileOptions,
  type CompileResult,
} from "../compile/index.js";
import { UsageError } from "./command.js";

/** The `--set KEY=VALUE` option of `thtl compile`, `thtl run` and `thtl sweep`. */
export const SET_OPTION = { set: { type: "string", multiple: true } } as const;

/** `compileFile` with `--set` items applied; a bad item is a usage error. */
export function compileWithSet(
  file: string,
  options: CompileOptions,
  set: readonly string[] | undefined,
): CompileResult {
  try {
    return compileFile(file, set && set.length > 0 ? { ...options, overrides: parseOverrides(set) } : options);
  } catch (error) {
    if (error instanceof OverrideError) throw new UsageError(error.message);
    throw error;
  }
}
