import { basename, extname, relative, resolve } from "node:path";
import { ARCHITECTURE_NAMES, getArchitecture } from "../../../models/catalogue.js";
import { EXIT_OK, EXIT_PROBLEMS, parseCommandArgs, UsageError } from "../../command.js";
import type { CliIO } from "../../../util/io.js";
import { describeImport } from "./describe-import.js";

export const IMPORT_USAGE = `thtl weights import FILE --arch ARCH: reads FILE (torchvision .pth/.pt as torch.save writes
it, .safetensors, or a Keras Applications .h5), checks every tensor against ARCH and writes a
folder that a weights domain can name: weights.safetensors (thtl's layer names) and thtl-weights.json
(source file and sha256, framework, variant, preprocessing, class names, the import report). Nothing in
FILE is executed. A domain may also name FILE directly: it is then imported on first use into
.cache/thtl/weights/<sha256>/.

Options:
  --arch ARCH        the architecture: ${ARCHITECTURE_NAMES.join(", ")}
  --classes A,B,...  names of the classifier's classes (ImageNet files get ImageNet's names)
  --out DIR          the folder to write (default: FILE's name without extension, here)
  --force            replace DIR if it exists`;

export async function runImport(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    arch: { type: "string" },
    classes: { type: "string" },
    out: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError(`expected one weights file, got ${positionals.length}`);
  if (values.arch === undefined) throw new UsageError("--arch ARCH is required");
  if (!getArchitecture(values.arch)) throw new UsageError(`unknown architecture '${values.arch}'; the architectures are ${ARCHITECTURE_NAMES.join(", ")}`);
  const file = resolve(io.cwd, positionals[0]!);
  const out = resolve(io.cwd, values.out ?? basename(file, extname(file)));
  const classes = values.classes?.split(",").map((name) => name.trim());
  if (classes?.some((name) => name === "")) throw new UsageError(`--classes must be names separated by commas, got '${values.classes}'`);
  const { importWeightsFile, ClassNamesError } = await import("../../../weights/import/import-file.js");
  const { RunFailure } = await import("../../../diagnostics/run-failure.js");
  try {
    const metadata = await importWeightsFile({ file, arch: values.arch, out, classes, replace: values.force ?? false });
    if (!metadata) {
      io.stderr(`thtl weights import: '${relative(io.cwd, out) || "."}' exists: choose another --out, or pass --force to replace it\n`);
      return EXIT_PROBLEMS;
    }
    io.stdout(describeImport(metadata, relative(io.cwd, out) || "."));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ClassNamesError) throw new UsageError(`--classes: ${error.message}`);
    if (error instanceof RunFailure) {
      io.stderr(`thtl weights import: error ${error.code}: ${error.message}\nNothing was written.\n`);
      return EXIT_PROBLEMS;
    }
    throw error;
  }
}
