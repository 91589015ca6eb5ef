import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIO } from "../util/io.js";

/** Exit codes, as prettier --check and ESLint use them. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** A command's name and its line for `thtl --help` live in `main.ts`, which loads it only when called. */
export interface Command {
  /** The full `thtl NAME --help` text. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A mistake in how a command was called: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` with positionals allowed, and its errors turned into `UsageError`s. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
