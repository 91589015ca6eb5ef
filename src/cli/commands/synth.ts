import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT_OK, EXIT_USAGE, parseCommandArgs, UsageError, type Command } from "../command.js";
import { classCounts, isEmptyOrMissing, writeSynthFolder } from "../../data/synth/generate.js";
import { isSynthKind, SYNTH_CLASSES, type SynthKind } from "../../data/synth/kinds.js";
import { parseSizeText } from "../../data/size.js";

const USAGE = `Usage: thtl synth KIND --out DIR --n N [--seed S] [--size HxW] [--balance W,W,...] [--force]

Writes N procedurally generated images of KIND as an image folder (one sub-folder per class),
ready for \`data imagefolder "DIR"\`. The same seed always writes byte-identical files.

Kinds and their classes (in label order):
${Object.entries(SYNTH_CLASSES)
  .map(([kind, classes]) => `  ${kind.padEnd(8)} ${classes.join(", ")}`)
  .join("\n")}

Options:
  --out DIR           the folder to write; it must be empty or missing unless --force
  --n N               how many images in all
  --seed S            the random seed (default 1)
  --size HxW          image size in pixels, or one number for a square (default 128x128)
  --balance W,W,...   relative class frequencies in label order, e.g. --balance 0.7,0.3 for
                      larynx: 70% benign, 30% malignant (default: equal)
  --force             write into a non-empty DIR: its sub-folders named after this kind's
                      classes are deleted first, anything else in it is left alone`;

const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: "string" },
      n: { type: "string" },
      seed: { type: "string" },
      size: { type: "string" },
      balance: { type: "string" },
      force: { type: "boolean" },
    });
    const kind = parseKind(positionals);
    const classes = SYNTH_CLASSES[kind];
    if (values.out === undefined) throw new UsageError("--out DIR is required");
    if (values.n === undefined) throw new UsageError("--n N is required");
    const count = wholeNumber("--n", values.n, 1);
    const seed = values.seed === undefined ? 1 : wholeNumber("--seed", values.seed, 0);
    const size = values.size === undefined ? { height: 128, width: 128 } : parseSizeText(values.size);
    if (!size) throw new UsageError(`--size must be HxW in pixels (1 to 4096), such as 64x64, got '${values.size}'`);
    const balance = values.balance === undefined ? undefined : parseBalance(values.balance, classes);
    const out = resolve(io.cwd, values.out);

    if (!isEmptyOrMissing(out)) {
      if (!values.force) {
        io.stderr(
          `thtl synth: '${values.out}' is not empty: choose an empty folder, or pass --force to replace its ${classes.join(", ")} sub-folders\n`,
        );
        return EXIT_USAGE;
      }
      for (const name of classes) rmSync(join(out, name), { recursive: true, force: true });
    }
    const started = performance.now();
    await writeSynthFolder(out, { kind, count, seed, size, balance });
    const seconds = (performance.now() - started) / 1000;
    const counts = classCounts(count, classes.length, balance);
    io.stdout(`wrote ${count} ${kind} images of ${size.height}x${size.width} (seed ${seed}) to ${values.out}\n`);
    for (const [label, name] of classes.entries())
      io.stdout(`  ${name.padEnd(14)} ${String(counts[label]).padStart(6)}\n`);
    io.stderr(`${(count / seconds).toFixed(0)} images/s\n`);
    return EXIT_OK;
  },
};

function parseKind(positionals: string[]): SynthKind {
  if (positionals.length !== 1)
    throw new UsageError(`expected one KIND (natural, fundus or larynx), got ${positionals.length}`);
  const [kind] = positionals;
  if (!isSynthKind(kind)) throw new UsageError(`unknown kind '${kind}': use natural, fundus or larynx`);
  return kind;
}

function wholeNumber(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min)
    throw new UsageError(`${option} must be a whole number of at least ${min}, got '${text}'`);
  return value;
}

function parseBalance(text: string, classes: readonly string[]): number[] {
  const weights = text.split(",").map((part) => Number(part.trim()));
  if (
    weights.length !== classes.length ||
    weights.some((w) => !Number.isFinite(w) || w < 0) ||
    weights.every((w) => w === 0)
  ) {
    throw new UsageError(
      `--balance needs ${classes.length} non-negative numbers, one per class (${classes.join(", ")}), got '${text}'`,
    );
  }
  return weights;
}

export default command;
