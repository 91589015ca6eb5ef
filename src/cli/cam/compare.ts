import { join, relative } from "node:path";
import { compareFigure, CompareError } from "../../runtime/cam/compare.js";
import { safeName } from "../../runtime/cam/stage-maps.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_PROBLEMS } from "../command.js";
import type { CliIO } from "../../util/io.js";

/** `thtl cam --compare RUN...`: writes OUT/compare.DOMAIN.png and prints its path. */
export async function compareRuns(
  runDirs: string[],
  outDir: string,
  label: string | undefined,
  io: CliIO,
): Promise<number> {
  try {
    const figure = await compareFigure(runDirs, label);
    const file = join(outDir, `compare.${safeName(figure.domain)}.png`);
    writeFileAtomic(file, figure.png);
    io.stdout(
      `${relative(io.cwd, file) || file}: ${figure.domain}, maps at ${figure.label}, ${runDirs.length === 1 ? "1 run" : `${runDirs.length} runs`} by stage\n`,
    );
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof CompareError)) throw error;
    io.stderr(`thtl cam: ${error.message}\n`);
    return EXIT_PROBLEMS;
  }
}
