import { statSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { wantsColor } from "../../terminal/color.js";
import { renderDiagnostics } from "../../terminal/print-diagnostics.js";
import { compileFile } from "../../compile/index.js";
import { DEFAULT_CACHE_DIR } from "../../data/index.js";
import { inspectDomain, type DomainReport } from "../../data/inspect.js";
import { parseSizeText } from "../../data/size.js";
import type { ImageSize, PlanHop, PlanSplit } from "../../plan/types.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const USAGE = `Usage: thtl data inspect PATH [options]

Checks data the way a training run does before it starts, and prints what it found: classes with
image counts, file formats and sizes, split sizes, and every problem (on stderr). Exits 1 when
there are problems. PATH is
  an image folder    one sub-folder per class
  a CSV file         a header row naming 'path' and 'label' columns, one row per image
  a .thtl file       every data domain of every run, with its classes, split and image size

Options (for a folder or CSV; a .thtl file says these itself):
  --classes A,B,...   class names in label order (default: the folders or labels, sorted)
  --root DIR          the folder a CSV's paths are relative to (default: the CSV's folder)
  --split 80/20       train/val or train/val/test percentages (default 80/20)
  --seed N            the split's seed (default 1)
  --image HxW         the size images are decoded to (default 64x64)
  --grayscale         decode to one channel
Always:
  --cache DIR         where decoded images and generated domains are kept (default ${DEFAULT_CACHE_DIR})
  --skip-bad-images   list unreadable files as skipped (warnings) instead of problems`;

const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      classes: { type: "string" },
      root: { type: "string" },
      split: { type: "string" },
      seed: { type: "string" },
      image: { type: "string" },
      grayscale: { type: "boolean" },
      cache: { type: "string" },
      "skip-bad-images": { type: "boolean" },
    });
    const [action, path, ...extra] = positionals;
    if (action !== "inspect")
      throw new UsageError(
        action === undefined ? "expected 'inspect PATH'" : `unknown action '${action}': the only action is 'inspect'`,
      );
    if (path === undefined || extra.length > 0)
      throw new UsageError("expected exactly one PATH: an image folder, a CSV file or a .thtl file");
    const options = {
      baseDir: io.cwd,
      cacheDir: resolve(io.cwd, values.cache ?? DEFAULT_CACHE_DIR),
      skipBadImages: Boolean(values["skip-bad-images"]),
    };

    let targets: { hop: PlanHop; image: ImageSize }[];
    if (path.endsWith(".thtl")) {
      const compiled = thtlTargets(path, io);
      if (!compiled) return EXIT_PROBLEMS;
      targets = compiled;
    } else {
      targets = [commandLineTarget(path, values, io.cwd)];
    }
    let problems = 0;
    for (const [i, { hop, image }] of targets.entries()) {
      const report = await inspectDomain(hop, { ...options, image });
      io.stdout(`${i > 0 ? "\n" : ""}${renderReport(report)}`);
      for (const p of report.skipped) io.stderr(`warning ${p.code}: skipped: ${p.message}\n`);
      for (const p of report.problems) io.stderr(`error ${p.code}: ${p.message}\n`);
      problems += report.problems.length;
    }
    if (problems > 0)
      io.stderr(
        `${problems} ${problems === 1 ? "problem" : "problems"}: fix them (or pass --skip-bad-images where allowed) before training\n`,
      );
    return problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

type Values = { classes?: string; root?: string; split?: string; seed?: string; image?: string; grayscale?: boolean };

function commandLineTarget(path: string, values: Values, cwd: string): { hop: PlanHop; image: ImageSize } {
  const isFile =
    statSync(resolve(cwd, path), { throwIfNoEntry: false })?.isFile() ?? path.toLowerCase().endsWith(".csv");
  const size = parseSizeText(values.image ?? "64x64");
  if (!size) throw new UsageError(`--image must be HxW in pixels, such as 64x64, got '${values.image}'`);
  const hop: PlanHop = {
    domain: basename(path),
    data: isFile ? { kind: "csv", path, root: values.root ?? dirname(path) } : { kind: "imagefolder", path },
    classes: values.classes ? values.classes.split(",").map((name) => name.trim()) : [],
    positive: null,
    head: "new",
    split: parseSplit(values.split ?? "80/20", values.seed ?? "1"),
    augment: [],
    normalization: { mean: [], std: [], source: "none" },
    stages: [],
  };
  return { hop, image: { ...size, channels: values.grayscale ? 1 : 3 } };
}

function parseSplit(text: string, seedText: string): PlanSplit {
  const parts = text.split("/").map(Number);
  if (!/^\d+\/\d+(\/\d+)?$/.test(text) || parts.reduce((a, b) => a + b, 0) !== 100) {
    throw new UsageError(
      `--split must be two or three whole percentages that add up to 100, such as 80/20, got '${text}'`,
    );
  }
  if (!/^\d+$/.test(seedText)) throw new UsageError(`--seed must be a whole number, got '${seedText}'`);
  return { train: parts[0], val: parts[1], test: parts[2] ?? 0, seed: Number(seedText) };
}

/**
 * Every distinct (domain, input size) of the compiled file's runs, with data paths made relative
 * to the working folder so that problems name files the way the user types them.
 */
function thtlTargets(path: string, io: CliIO): { hop: PlanHop; image: ImageSize }[] | null {
  const result = compileFile(path, { cwd: io.cwd });
  // Errors stop here; warnings are shown and the data is inspected anyway.
  if (result.diagnostics.length > 0)
    io.stderr(renderDiagnostics(result.diagnostics, result.sources, { json: false, color: wantsColor(io, "stderr") }));
  if (!result.plan) return null;
  const planDir = dirname(resolve(io.cwd, path));
  const fromCwd = (p: string) => relative(io.cwd, resolve(planDir, p)) || ".";
  const seen = new Set<string>();
  const targets: { hop: PlanHop; image: ImageSize }[] = [];
  for (const run of result.plan.runs) {
    for (const hop of run.hops) {
      const key = JSON.stringify([hop.domain, run.input]);
      if (seen.has(key)) continue;
      seen.add(key);
      const data =
        hop.data.kind === "synth"
          ? hop.data
          : hop.data.kind === "csv"
            ? { ...hop.data, path: fromCwd(hop.data.path), root: fromCwd(hop.data.root) }
            : { ...hop.data, path: fromCwd(hop.data.path) };
      targets.push({ hop: { ...hop, data }, image: run.input });
    }
  }
  return targets;
}

function renderReport(report: DomainReport): string {
  const total = report.classes.reduce((sum, c) => sum + c.count, 0);
  const width = Math.max(5, ...report.classes.map((c) => c.name.length));
  const { train, val, test } = report.split;
  const ratio = test > 0 ? `${train}/${val}/${test}` : `${train}/${val}`;
  const lines = [
    `domain ${report.domain}: ${report.source}`,
    `  classes (${report.classes.length}), usable images:`,
    ...report.classes.map((c) => `    ${c.name.padEnd(width)}  ${String(c.count).padStart(6)}`),
    `    ${"total".padEnd(width)}  ${String(total).padStart(6)}`,
    `  files:`,
    ...(report.formats.length === 0
      ? ["    none"]
      : report.formats.map(
          (f) => `    ${`${f.format} ${f.height}x${f.width}`.padEnd(18)} ${String(f.count).padStart(6)}`,
        )),
    `  split ${ratio} seed ${report.split.seed}: train ${report.sizes.train}, val ${report.sizes.val}, test ${report.sizes.test}`,
    `  decoded to ${report.image.height}x${report.image.width} ${report.image.channels === 1 ? "grayscale" : "rgb"}`,
    `  problems: ${report.problems.length}${report.skipped.length > 0 ? `, skipped: ${report.skipped.length}` : ""}`,
  ];
  return `${lines.join("\n")}\n`;
}

export default command;
