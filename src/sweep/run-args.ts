import { join } from "node:path";
import type { SweepSetup } from "./types.js";

/** `run PLAN --run-index I --resume --out OUT/runs --store STORE`: what each job of a sweep runs. */
export function runArguments(setup: SweepSetup, index: string): string[] {
  return [
    "run",
    setup.planFile,
    "--run-index",
    index,
    "--resume",
    "--out",
    join(setup.outDir, "runs"),
    "--store",
    setup.storeDir,
  ];
}

/** A word for a POSIX shell: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w./=:@%+,-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
