import { diffPlans } from "../../diff/diff-plans.js";
import { GitError } from "../../diff/git.js";
import { gitPairs, type SidePair } from "../../diff/git-pairs.js";
import { layoutDiff } from "../../diff/diff-lines.js";
import { renderJson } from "../../diff/render-json.js";
import { renderMarkdown } from "../../diff/render-markdown.js";
import { renderText } from "../../diff/render-text.js";
import { wantsColor } from "../../terminal/color.js";
import { loadSide, type Side, type SideContext } from "../../diff/sides.js";
import type { PlanDiff } from "../../diff/types.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, parseCommandArgs, UsageError, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const usage = `Usage: thtl diff [OPTIONS] OLD NEW
       thtl diff [OPTIONS] --git [REV]

Shows what changed between two experiment designs, as \`terraform plan\` does for infrastructure:
runs, hops, stages and settings (+ added, - removed, ~ changed), and for every stage whether its
result stays valid (reusable) or it must be trained again, and why.

OLD and NEW are each a .thtl file, a compiled plan (.json), or REV:PATH, a file as git holds it at
a revision (main:schedules/swft.thtl; PATH relative to the current folder; its imports are read at
the same revision).

Options:
  --git            compare every .thtl file that differs from REV (default HEAD) with REV
  --format FORMAT  text (default), md (for a pull-request comment) or json
  --json, --md     short for --format json, --format md
  --all            also show unchanged settings, experiments and runs
  --exit-code      exit with 1 when the plans differ (as git diff --exit-code)

Exit codes: 0 done (with or without differences), 1 differences found under --exit-code,
2 usage error or a side that does not compile (its diagnostics are printed).
`;

const FORMATS = ["text", "md", "json"] as const;
type Format = (typeof FORMATS)[number];

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      git: { type: "boolean" },
      format: { type: "string" },
      json: { type: "boolean" },
      md: { type: "boolean" },
      all: { type: "boolean" },
      "exit-code": { type: "boolean" },
    });
    const format = chooseFormat(values);
    const context: SideContext = { cwd: io.cwd, env: io.env, color: wantsColor(io, "stderr") };
    const pairs = values.git ? findGitPairs(positionals, context) : [explicitPair(positionals)];
    if (pairs instanceof GitError) {
      io.stderr(`thtl diff: ${pairs.message}\n`);
      return EXIT_USAGE;
    }
    const { diffs, failures } = await comparePairs(pairs, context);
    for (const failure of failures) io.stderr(`${failure.trimEnd()}\n`);
    if (failures.length > 0) return EXIT_USAGE;
    io.stdout(render(diffs, format, Boolean(values.all), io, Boolean(values.git)));
    return values["exit-code"] && diffs.some((diff) => !diff.equal) ? EXIT_PROBLEMS : EXIT_OK;
  },
};

export default command;

function chooseFormat(values: { format?: string; json?: boolean; md?: boolean }): Format {
  const chosen = [values.format, values.json ? "json" : undefined, values.md ? "md" : undefined].filter(
    (f) => f !== undefined,
  );
  if (new Set(chosen).size > 1) throw new UsageError(`choose one output format, not ${chosen.join(" and ")}`);
  const format = (chosen[0] ?? "text") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format '${format}'; use text, md or json`);
  return format;
}

function explicitPair(positionals: string[]): SidePair {
  if (positionals.length !== 2) throw new UsageError(`expected two sides, OLD and NEW, but got ${positionals.length}`);
  return { old: positionals[0]!, new: positionals[1]! };
}

function findGitPairs(positionals: string[], context: SideContext): SidePair[] | GitError {
  if (positionals.length > 1)
    throw new UsageError(`--git takes at most one revision, but got ${positionals.length} arguments`);
  try {
    return gitPairs(positionals[0] ?? "HEAD", context);
  } catch (error) {
    if (error instanceof GitError) return error;
    throw error;
  }
}

async function comparePairs(
  pairs: SidePair[],
  context: SideContext,
): Promise<{ diffs: PlanDiff[]; failures: string[] }> {
  const diffs: PlanDiff[] = [];
  const failures: string[] = [];
  for (const pair of pairs) {
    const [before, after] = await Promise.all([sideOf(pair.old, context), sideOf(pair.new, context)]);
    if ("failure" in before) failures.push(`thtl diff: ${before.failure}`);
    if ("failure" in after) failures.push(`thtl diff: ${after.failure}`);
    if ("plan" in before && "plan" in after)
      diffs.push(diffPlans(before.plan, after.plan, { old: before.label, new: after.label }));
  }
  return { diffs, failures };
}

function sideOf(spec: string | Side, context: SideContext): Promise<Side> {
  return typeof spec === "string" ? loadSide(spec, context) : Promise.resolve(spec);
}

function render(diffs: PlanDiff[], format: Format, all: boolean, io: CliIO, git: boolean): string {
  if (format === "json") return renderJson(diffs, { all });
  if (diffs.length === 0) return "No changed .thtl files.\n";
  const color = wantsColor(io, "stdout");
  return diffs
    .map((diff) => {
      const lines = layoutDiff(diff, { all });
      if (format === "md") return renderMarkdown(lines, diff);
      const header = git
        ? renderText([{ depth: 0, symbol: " ", text: `diff ${diff.old} ${diff.new}`, heading: true }], { color })
        : "";
      return header + renderText(lines, { color });
    })
    .join("\n");
}
