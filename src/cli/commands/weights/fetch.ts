import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { EXIT_OK, EXIT_PROBLEMS, parseCommandArgs, UsageError } from "../../command.js";
import type { CliIO } from "../../../util/io.js";
import { progressBar } from "./progress-bar.js";

export const FETCH_USAGE = `thtl weights fetch ARCH --from torchvision|keras: downloads the official ImageNet weights
file of ARCH into the user cache ($XDG_CACHE_HOME/thtl/weights, else ~/.cache/thtl/weights),
continuing a partial download, checks the published hash (torchvision's file names carry the
start of their sha256; Keras publishes md5s) and prints the file's path. Name that path in a
weights domain, or import it: thtl weights import "$(thtl weights fetch ...)" --arch ARCH.

Options:
  --from torchvision|keras  whose file
  --notop                   Keras's file without the classifier (a backbone)

Environment:
  THTL_WEIGHTS_MIRROR       a base URL that replaces the official host (a mirror)`;

/** Where fetched files are kept: the user's cache, shared by every project. */
export function userWeightsDir(env: CliIO["env"]): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache"), "thtl", "weights");
}

export async function runFetch(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { from: { type: "string" }, notop: { type: "boolean" } });
  if (positionals.length !== 1) throw new UsageError(`expected one architecture, got ${positionals.length}`);
  if (values.from !== "torchvision" && values.from !== "keras") throw new UsageError("--from must be torchvision or keras");
  const { officialFile } = await import("../../../weights/fetch/sources.js");
  const file = officialFile(positionals[0]!, values.from, values.notop ?? false);
  if (typeof file === "string") throw new UsageError(file);
  const { fetchOfficialFile } = await import("../../../weights/fetch/fetch-file.js");
  const { RunFailure } = await import("../../../diagnostics/run-failure.js");
  const dir = resolve(io.cwd, userWeightsDir(io.env));
  const bar = progressBar(io);
  try {
    const { path, downloaded } = await fetchOfficialFile(file, dir, io.env.THTL_WEIGHTS_MIRROR, {
      start: (url, resumeAt) => io.stderr(`thtl weights fetch: downloading ${url}${resumeAt > 0 ? ` (continuing after ${resumeAt} bytes)` : ""}\n`),
      progress: (done, total) => bar.update(done, total),
    });
    bar.end();
    const check = !downloaded ? "already downloaded" : file.hash ? `${file.hash.algorithm} ${file.hash.expected} checked` : "no published hash to check";
    io.stderr(`thtl weights fetch: ${file.fileName}: ${check}\n`);
    io.stdout(`${path}\n`);
    return EXIT_OK;
  } catch (error) {
    bar.end();
    if (error instanceof RunFailure) {
      io.stderr(`thtl weights fetch: error ${error.code}: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
}
