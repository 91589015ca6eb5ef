import { resolve } from "node:path";
import { wantsColor } from "../../terminal/color.js";
import { renderDiagnostics } from "../../terminal/print-diagnostics.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, parseCommandArgs, type Command } from "../command.js";
import { compileWithSet, SET_OPTION } from "../set-option.js";

const usage = `Usage: thtl compile FILE [-o PLAN.json] [--json] [--set KEY=VALUE ...]

Compiles a .thtl file and its imports into a JSON execution plan, validated against
schema/plan.schema.json. The plan goes to stdout, or to PLAN.json with -o (written atomically);
problems go to stderr. Nothing is written when there are errors (exit 1).

Options:
  -o, --output PLAN.json  write the plan to this file instead of stdout
  --json                  print problems as a JSON array (on stderr)
  --set KEY=VALUE         override for the whole plan, recorded in its runs (repeatable):
                          image=HxW, epochs=N, batch=N, width=X, seeds=1,2,3,
                          models=NAME,..., DOMAIN.count=N (see docs/language.md)`;

const command: Command = {
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      output: { type: "string", short: "o" },
      json: { type: "boolean" },
      ...SET_OPTION,
    });
    if (positionals.length !== 1)
      throw new UsageError(positionals.length === 0 ? "give the .thtl file to compile" : "give exactly one .thtl file");
    const { plan, diagnostics, sources } = compileWithSet(positionals[0]!, { cwd: io.cwd }, values.set);
    const json = Boolean(values.json);
    if (diagnostics.length > 0 || json)
      io.stderr(renderDiagnostics(diagnostics, sources, { json, color: wantsColor(io, "stderr") }));
    if (!plan) return EXIT_PROBLEMS;
    const text = `${JSON.stringify(plan, null, 2)}\n`;
    if (values.output === undefined) {
      io.stdout(text);
    } else {
      writeFileAtomic(resolve(io.cwd, values.output), text);
      if (!json) io.stderr(`wrote ${values.output}: ${plan.runs.length} ${plan.runs.length === 1 ? "run" : "runs"}\n`);
    }
    return EXIT_OK;
  },
};

export default command;
