import { ARCHITECTURE_NAMES, defaultOptions, getArchitecture } from "../../models/catalogue.js";
import type { ArchitectureInfo, DescribeOptions, ModelSummary, Variant } from "../../models/types.js";
import { EXIT_OK, parseCommandArgs, UsageError, type Command } from "../command.js";

const USAGE = `Usage: thtl models [ARCH] [OPTIONS]

Without ARCH: every architecture and variant with its default input, minimum input, parameters
and groups; an architecture's first variant is its default.
With ARCH: its groups, each with its layer count and parameters (--layers: every layer).
Counts are for the published network (width 1, default input, 3 channels, 1000 classes)
unless the options below change them.

Options:
  --variant V    torchvision or keras: which framework's build (default: the architecture's first)
  --width X      channel multiplier
  --input HxW    input size
  --classes N    classes of the classifier
  --layers       list every layer: path (for selectors), tfjs/Keras name, type, parameters
  --json         print JSON instead of tables`;

const count = (n: number) => n.toLocaleString("en-US");
const size = ({ height, width }: { height: number; width: number }) => `${height}x${width}`;

/** Left-aligned columns, except those listed in `right`, separated by two spaces. */
function table(rows: string[][], right: Set<number>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const cell = (text: string, i: number) => (right.has(i) ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const line = (row: string[]) => row.map(cell).join("  ").trimEnd();
  return rows.map(line).join("\n") + "\n";
}

interface OptionValues {
  width?: string;
  input?: string;
  classes?: string;
  variant?: string;
}

function options(info: ArchitectureInfo, values: OptionValues): DescribeOptions {
  const base: DescribeOptions = defaultOptions(info);
  if (values.variant !== undefined) {
    if (!info.variants.includes(values.variant as Variant)) {
      throw new UsageError(
        `${info.name} has no variant '${values.variant}'; its variants are ${info.variants.join(", ")}`,
      );
    }
    base.variant = values.variant as Variant;
  }
  if (values.width !== undefined) {
    base.width = Number(values.width);
    if (!(base.width > 0)) throw new UsageError(`--width must be a positive number, got '${values.width}'`);
  }
  if (values.input !== undefined) {
    const match = /^(\d+)x(\d+)$/.exec(values.input);
    if (!match) throw new UsageError(`--input must be HEIGHTxWIDTH such as 64x64, got '${values.input}'`);
    base.input = { height: Number(match[1]), width: Number(match[2]), channels: 3 };
  }
  if (values.classes !== undefined) {
    base.classes = Number(values.classes);
    if (!Number.isInteger(base.classes) || base.classes < 1) {
      throw new UsageError(`--classes must be a positive whole number, got '${values.classes}'`);
    }
  }
  return base;
}

function describe(info: ArchitectureInfo, chosen: DescribeOptions): ModelSummary {
  try {
    return info.describe(chosen);
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

function overview(chosen: (info: ArchitectureInfo) => DescribeOptions, json: boolean): string {
  const rows = ARCHITECTURE_NAMES.map((name) => {
    const info = getArchitecture(name)!;
    const variants = info.variants.map((variant) => ({
      variant,
      summary: describe(info, { ...chosen(info), variant }),
    }));
    return { info, variants };
  });
  if (json) {
    const entries = rows.map(({ info, variants }) => ({
      name: info.name,
      description: info.description,
      defaultInput: info.defaultInput,
      minInput: info.minInput,
      groups: info.groups,
      totalParams: variants[0]!.summary.totalParams,
      variants: variants.map(({ variant, summary }) => ({ variant, totalParams: summary.totalParams })),
    }));
    return JSON.stringify(entries, null, 2) + "\n";
  }
  const header = ["ARCH", "VARIANT", "INPUT", "MIN", "PARAMS", "GROUPS"];
  const lines = rows.flatMap(({ info, variants }) =>
    variants.map(({ variant, summary }) => [
      info.name,
      variant,
      size(info.defaultInput),
      size(info.minInput),
      count(summary.totalParams),
      info.groups.join(" "),
    ]),
  );
  return table([header, ...lines], new Set([4]));
}

function detail(info: ArchitectureInfo, chosen: DescribeOptions, layers: boolean, json: boolean): string {
  const summary = describe(info, chosen);
  if (json) {
    const { name, description, defaultInput, minInput, variants } = info;
    const variant = chosen.variant ?? variants[0];
    return (
      JSON.stringify(
        { name, description, defaultInput, minInput, variants, variant, options: chosen, ...summary },
        null,
        2,
      ) + "\n"
    );
  }
  const heading =
    `${info.name} (${chosen.variant ?? info.variants[0]}): ${info.description}\n` +
    `input ${size(chosen.input)} (default ${size(info.defaultInput)}, minimum ${size(info.minInput)}), width ${chosen.width}, ${chosen.classes} classes\n\n`;
  if (layers) {
    const rows = summary.groups.flatMap((group) => {
      return group.layers.map((layer) => [layer.path, layer.name, layer.type, count(layer.params)]);
    });
    return heading + table([["PATH", "NAME", "TYPE", "PARAMS"], ...rows], new Set([3]));
  }
  const rows = summary.groups.map((group) => [group.name, String(group.layers.length), count(group.params)]);
  const total = [
    "total",
    String(summary.groups.reduce((n, group) => n + group.layers.length, 0)),
    count(summary.totalParams),
  ];
  return heading + table([["GROUP", "LAYERS", "PARAMS"], ...rows, total], new Set([1, 2]));
}

const command: Command = {
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: "boolean" },
      layers: { type: "boolean" },
      width: { type: "string" },
      input: { type: "string" },
      classes: { type: "string" },
      variant: { type: "string" },
    });
    if (positionals.length > 1) throw new UsageError(`expected at most one architecture, got ${positionals.length}`);
    const json = values.json ?? false;
    const [name] = positionals;
    if (name === undefined) {
      if (values.layers)
        throw new UsageError("--layers needs an architecture, such as `thtl models --layers resnet18`");
      io.stdout(overview((info) => options(info, values), json));
      return EXIT_OK;
    }
    const info = getArchitecture(name);
    if (!info)
      throw new UsageError(`unknown architecture '${name}'; the architectures are ${ARCHITECTURE_NAMES.join(", ")}`);
    io.stdout(detail(info, options(info, values), values.layers ?? false, json));
    return EXIT_OK;
  },
};

export default command;
