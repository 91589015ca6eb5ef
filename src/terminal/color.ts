import type { CliIO } from "../cli/io.js";

/** `NO_COLOR` set to anything non-empty turns colour off (no-color.org). */
export function colorEnabled(io: CliIO): boolean {
  return !io.env.NO_COLOR;
}
