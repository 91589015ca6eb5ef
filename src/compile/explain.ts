import type { Plan, PlanHop, PlanRun, PlanStage } from "../plan/types.js";

export interface ExplainOptions {
  /** Grid symbols: `■ □ ·` when true, `# + .` for terminals without UTF-8 (`thtl explain --ascii`). */
  unicode: boolean;
}

type CellState = "trainable" | "partial" | "frozen";

const SYMBOLS: Record<"unicode" | "ascii", Record<CellState, string>> = {
  unicode: { trainable: "■", partial: "□", frozen: "·" },
  ascii: { trainable: "#", partial: "+", frozen: "." },
};

/**
 * What each run trains when, as `thtl explain` prints it and `thtl run --dry-run` reuses it: per
 * hop a table of stages (trainable groups, trainable/total parameters, epochs, lr), then a grid of
 * groups by stages. Pure: a plan in, lines out (no colour, no trailing spaces).
 */
export function explainRun(run: PlanRun, options: ExplainOptions): string[] {
  const lines = [
    `${run.id}: ${run.architecture.arch}${variantText(run)} at ${run.input.height}x${run.input.width} ${run.input.channels === 1 ? "grayscale" : "rgb"}, ${initText(run)}`,
  ];
  run.hops.forEach((hop, index) =>
    lines.push(
      "",
      `  hop ${index + 1}: ${hop.domain} (${hop.classes.length} classes, ${hop.head} head)`,
      ...stageTable(hop, run.architecture.groups),
    ),
  );
  lines.push("", ...grid(run, options));
  return lines;
}

export function explainPlan(plan: Plan, options: ExplainOptions): string[] {
  return plan.runs.flatMap((run, index) => [...(index > 0 ? [""] : []), ...explainRun(run, options)]);
}

function variantText(run: PlanRun): string {
  if (run.model === run.architecture.arch) return "";
  return ` (model '${run.model}': width ${run.architecture.width}, dropout ${run.architecture.dropout})`;
}

function initText(run: PlanRun): string {
  return run.init.kind === "scratch" ? "from scratch" : `from '${run.init.domain}' weights (${run.init.path})`;
}

/** `all`, or the trainable groups with partial ones marked. */
export function trainableText(stage: PlanStage, groups: readonly string[]): string {
  if (stage.trainable.length === groups.length) return "all";
  const partial = new Map(stage.partial.map((p) => [p.group, p.layers.length]));
  return groups
    .filter((group) => stage.trainable.includes(group) || partial.has(group))
    .map((group) => (partial.has(group) ? `${group} (${partial.get(group)} layers)` : group))
    .join(", ");
}

export function formatLr(lr: number): string {
  return lr >= 0.01 ? String(lr) : lr.toExponential();
}

function stageTable(hop: PlanHop, groups: readonly string[]): string[] {
  const rows = hop.stages.map((stage) => [
    stage.name,
    trainableText(stage, groups),
    `${stage.trainableParams.toLocaleString("en-US")} / ${stage.totalParams.toLocaleString("en-US")}`,
    percent(stage.trainableParams, stage.totalParams),
    String(stage.epochs),
    formatLr(stage.lr),
  ]);
  return table([["stage", "trainable", "params", "", "epochs", "lr"], ...rows], "    ");
}

/** One decimal, or two below 1% so that a classifier's share does not read as 0.0%. */
function percent(part: number, whole: number): string {
  const value = (100 * part) / whole;
  return `${value.toFixed(value < 1 ? 2 : 1)}%`;
}

function grid(run: PlanRun, options: ExplainOptions): string[] {
  const symbols = SYMBOLS[options.unicode ? "unicode" : "ascii"];
  const columns = run.hops.flatMap((hop) =>
    hop.stages.map((stage, index) => ({ hop: index === 0 ? hop.domain : "", stage })),
  );
  const header = [
    ["", ...columns.map((c) => c.hop)],
    ["", ...columns.map((c) => c.stage.name)],
  ];
  const rows = run.architecture.groups.map((group) => [
    group,
    ...columns.map((c) => symbols[cellState(c.stage, group)]),
  ]);
  const legend = `  ${symbols.trainable} trainable  ${symbols.partial} partly trainable  ${symbols.frozen} frozen`;
  return [...table([...header, ...rows], "  "), legend];
}

export function cellState(stage: PlanStage, group: string): CellState {
  if (stage.trainable.includes(group)) return "trainable";
  return stage.partial.some((p) => p.group === group) ? "partial" : "frozen";
}

/** Left-aligned columns two spaces apart, without trailing spaces. */
function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => [...(row[column] ?? "")].length)));
  return rows.map((row) => (indent + row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ")).trimEnd());
}

/** The same content as the text view, for `thtl explain --json`. */
export function explainJson(runs: readonly PlanRun[]) {
  return {
    runs: runs.map((run) => ({
      id: run.id,
      model: run.model,
      architecture: run.architecture,
      input: run.input,
      init: run.init,
      hops: run.hops.map((hop) => ({
        domain: hop.domain,
        classes: hop.classes,
        head: hop.head,
        stages: hop.stages.map((stage) => ({
          name: stage.name,
          trainable: stage.trainable,
          partial: stage.partial,
          frozen: stage.frozen,
          trainableParams: stage.trainableParams,
          totalParams: stage.totalParams,
          epochs: stage.epochs,
          lr: stage.lr,
          grid: Object.fromEntries(run.architecture.groups.map((group) => [group, cellState(stage, group)])),
        })),
      })),
    })),
  };
}
