import type { CliIO } from "../io.js";

export async function compareRuns(_runs: string[], _outDir: string, _io: CliIO): Promise<number> {
  throw new Error("not yet");
}
