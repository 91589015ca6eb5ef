import { join, resolve } from "node:path";
import {
  isFolder,
  renderHtml,
  renderMarkdown,
  reportOf,
  type ContrastSpec,
  type ReportResult,
} from "../../report/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const FORMATS = ["html", "md", "json"] as const;
type Format = (typeof FORMATS)[number];

const usage = `Usage: thtl report RUNS_DIR... [--out DIR] [--format html|md|json] [--contrast A:B ...]

Summarises finished runs (the records \`thtl run\` writes) by experiment and model over their
seeds: test accuracy, macro-F1, AUC and the positive class's recall and precision, each as
mean, sample SD and 95% t-interval. A contrast A:B compares experiment A with B, run by run
with the same seed and target split: change, relative change and a paired t-test.

Options:
  --out DIR          write report.json, report.md and report.html into DIR
                     (the default when --format is not given: report)
  --format FORMAT    print the report to stdout as html, md or json
  --contrast A:B     compare experiment A with experiment B (repeatable)`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: "string" },
      format: { type: "string" },
      contrast: { type: "string", multiple: true },
    });
    if (positionals.length === 0)
      throw new UsageError("give at least one folder of runs (the --out of `thtl run`, default runs)");
    const format = values.format as Format | undefined;
    if (format !== undefined && !FORMATS.includes(format))
      throw new UsageError(`unknown format '${format}': use html, md or json`);
    const contrasts = (values.contrast ?? []).map(parseContrast);
    const roots = positionals.map((p) => resolve(io.cwd, p));
    const notFolders = positionals.filter((_, i) => !isFolder(roots[i]!));
    if (notFolders.length > 0) {
      for (const p of notFolders) io.stderr(`thtl report: '${p}' is not a folder of runs\n`);
      return EXIT_PROBLEMS;
    }
    const result = reportOf(roots, contrasts);
    for (const line of result.skipped) io.stderr(`thtl report: left out ${line}\n`);
    if (result.groups.length === 0) {
      io.stderr(`thtl report: no finished runs under ${positionals.join(", ")}\n`);
      return EXIT_PROBLEMS;
    }
    checkContrasts(contrasts, result);
    const outDir = values.out ?? (format === undefined ? "report" : undefined);
    const texts = await render(result, outDir === undefined ? [format!] : [...FORMATS]);
    if (outDir !== undefined) writeReport(resolve(io.cwd, outDir), texts, io, outDir);
    if (format !== undefined) io.stdout(texts[format]!);
    return EXIT_OK;
  },
};

function parseContrast(text: string): ContrastSpec {
  const parts = text.split(":");
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new UsageError(`--contrast takes two experiments as A:B, got '${text}'`);
  return { a: parts[0], b: parts[1] };
}

function checkContrasts(contrasts: readonly ContrastSpec[], result: ReportResult): void {
  const unknown = [...new Set(contrasts.flatMap((c) => [c.a, c.b]))].filter(
    (name) => !result.experiments.includes(name),
  );
  if (unknown.length > 0) {
    const names = unknown.map((name) => `'${name}'`).join(", ");
    throw new UsageError(
      `--contrast names ${names}, with no finished runs here; the experiments are: ${result.experiments.join(", ")}`,
    );
  }
}

async function render(result: ReportResult, formats: readonly Format[]): Promise<Partial<Record<Format, string>>> {
  const texts: Partial<Record<Format, string>> = {};
  if (formats.includes("json")) texts.json = `${JSON.stringify(result.report, null, 2)}\n`;
  if (formats.includes("md")) texts.md = renderMarkdown(result.report);
  if (formats.includes("html")) texts.html = await renderHtml(result.report, result.groups);
  return texts;
}

/** All three files, each written atomically, once every one of them is rendered. */
function writeReport(dir: string, texts: Partial<Record<Format, string>>, io: CliIO, shown: string): void {
  for (const format of FORMATS) writeFileAtomic(join(dir, `report.${format}`), texts[format]!);
  io.stderr(`thtl report: wrote ${FORMATS.map((f) => join(shown, `report.${f}`)).join(", ")}\n`);
}

export default command;
