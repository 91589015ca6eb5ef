import { VERSION } from "../version.js";
import { EXIT_OK, EXIT_USAGE, UsageError, type Command } from "./command.js";
import { processIO, type CliIO } from "../util/io.js";

/**
 * Every command, loaded only when called: `check`, `compile`, `fmt`, `diff` and `explain` must
 * start fast and never load TensorFlow.js, so nothing heavy is imported at the top level.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Command }> }> = {
  check: { summary: "Check .thtl files and report every problem", load: () => import("./commands/check.js") },
  compile: { summary: "Compile a .thtl file into a JSON execution plan", load: () => import("./commands/compile.js") },
  fmt: { summary: "Print or rewrite .thtl files in canonical form", load: () => import("./commands/fmt.js") },
  explain: { summary: "Show what each stage of a schedule trains", load: () => import("./commands/explain.js") },
  models: {
    summary: "List the architectures, their groups and parameter counts",
    load: () => import("./commands/models.js"),
  },
  synth: {
    summary: "Generate a procedural image folder (natural, fundus, larynx)",
    load: () => import("./commands/synth.js"),
  },
  data: {
    summary: "Inspect image folders, CSV files or a .thtl file's domains",
    load: () => import("./commands/data.js"),
  },
  run: { summary: "Train every run of a plan", load: () => import("./commands/run.js") },
  cam: {
    summary: "Draw LayerCAM maps of a model or run, and compare runs' maps",
    load: () => import("./commands/cam.js"),
  },
  predict: { summary: "Apply a trained or imported model to images", load: () => import("./commands/predict.js") },
  report: {
    summary: "Summarise finished runs over seeds, with contrasts between arms",
    load: () => import("./commands/report.js"),
  },
  sweep: {
    summary: "Run a plan's runs as jobs: local processes, a Slurm array, Kubernetes",
    load: () => import("./commands/sweep.js"),
  },
  weights: {
    summary: "Import a .pth/.h5/.safetensors weights file, or fetch an official one",
    load: () => import("./commands/weights.js"),
  },
  diff: { summary: "Show what changed between two experiment designs", load: () => import("./commands/diff.js") },
  lsp: { summary: "Run the language server for editors (LSP over stdio)", load: () => import("./commands/lsp.js") },
  "git-setup": {
    summary: "Make git diff show .thtl files in canonical form",
    load: () => import("./commands/git-setup.js"),
  },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `thtl ${VERSION}: transfer-learning schedules, compiled and run`,
    "",
    "Usage: thtl COMMAND [OPTIONS] [FILES]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `thtl COMMAND --help` for a command's options.",
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr(`thtl: unknown command '${name}'. Run \`thtl --help\` to list the commands.\n`);
    return EXIT_USAGE;
  }
  const command = (await entry.load()).default;
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`thtl ${name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    const detail = io.env.THTL_DEBUG ? (error as Error).stack : (error as Error).message;
    io.stderr(`thtl ${name}: internal error: ${detail}\nPlease report this with the command you ran.\n`);
    return EXIT_USAGE;
  }
}
