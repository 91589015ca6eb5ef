import type { CliIO } from "../util/io.js";

/**
 * The one colour rule of every command and the UI: never when `NO_COLOR` is set to anything
 * non-empty (no-color.org); always when `FORCE_COLOR` is set to anything but `0` (as Node and
 * chalk read it); otherwise only when the stream is a terminal.
 */
export function wantsColor(
  io: Pick<CliIO, "env" | "stdoutIsTTY" | "stderrIsTTY">,
  stream: "stdout" | "stderr",
): boolean {
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "0") return true;
  return stream === "stdout" ? io.stdoutIsTTY : io.stderrIsTTY;
}
