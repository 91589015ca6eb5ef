import type { CliIO } from "../../io.js";
export const FETCH_USAGE = "";
export async function runFetch(_argv: string[], _io: CliIO): Promise<number> {
  return 2;
}
