import { wantsColor } from "../../terminal/color.js";
import { renderDiagnostics } from "../../terminal/print-diagnostics.js";
import { compileFile } from "../../compile/index.js";
import { explainJson, explainRun } from "../../compile/explain.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import type { CliIO } from "../../util/io.js";

const usage = `Usage: thtl explain FILE [--run ID] [--json] [--ascii]

Shows what each run of a .thtl file trains, before any training: per hop and stage the trainable
groups, trainable/total parameters, epochs and learning rate, then a grid of groups by stages
(■ trainable, □ partly trainable, · frozen).

Options:
  --run ID  only this run (EXPERIMENT/MODEL/seedN)
  --json    print the same as JSON on stdout
  --ascii   draw the grid with # + . (the default when the locale is not UTF-8)`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      run: { type: "string" },
      json: { type: "boolean" },
      ascii: { type: "boolean" },
    });
    if (positionals.length !== 1)
      throw new UsageError(positionals.length === 0 ? "give the .thtl file to explain" : "give exactly one .thtl file");
    const { plan, diagnostics, sources } = compileFile(positionals[0]!, { cwd: io.cwd });
    if (diagnostics.length > 0)
      io.stderr(renderDiagnostics(diagnostics, sources, { json: false, color: wantsColor(io, "stderr") }));
    if (!plan) return EXIT_PROBLEMS;
    const ids = plan.runs.map((run) => run.id);
    if (values.run !== undefined && !ids.includes(values.run)) {
      throw new UsageError(
        `there is no run '${values.run}' in ${positionals[0]}${didYouMean(values.run, ids)} (runs: ${ids.join(", ")})`,
      );
    }
    const runs = plan.runs.filter((run) => values.run === undefined || run.id === values.run);
    if (values.json) {
      io.stdout(`${JSON.stringify(explainJson(runs), null, 2)}\n`);
    } else {
      const unicode = !values.ascii && utf8Locale(io);
      io.stdout(`${runs.map((run) => explainRun(run, { unicode }).join("\n")).join("\n\n")}\n`);
    }
    return EXIT_OK;
  },
};

/** UTF-8 unless the locale variables say otherwise (an unset locale counts as UTF-8, as on macOS and most CI). */
function utf8Locale(io: CliIO): boolean {
  const locale = io.env.LC_ALL || io.env.LC_CTYPE || io.env.LANG;
  return !locale || locale === "C.UTF-8" || /utf-?8/i.test(locale);
}

export default command;
