import { describeSetting, describeStageNote, describeSummary, plural } from "./describe.js";
import type { Change, ExperimentDiff, HopDiff, PlanDiff, RunDiff, SettingDiff, StageDiff } from "./types.js";

/**
 * The change tree as lines, shared by the text and markdown renderers: a symbol (`+` added,
 * `-` removed, `~` changed, blank for context), a nesting depth, the text, and an optional note
 * that follows `#` (why a stage must re-run, or that it is reusable).
 */
export interface Line {
  depth: number;
  symbol: "+" | "-" | "~" | " ";
  text: string;
  note?: string;
  /** Context a reader may skip: hidden counts, reusable stages. */
  muted?: boolean;
  /** The closing `Plan:` line, or a heading: no symbol, no indent. */
  heading?: boolean;
}

export interface LayoutOptions {
  /** Show unchanged settings, experiments and runs instead of counting them. */
  all: boolean;
}

const SYMBOL: Record<Change, Line["symbol"]> = { added: "+", removed: "-", changed: "~", unchanged: " " };

/** Every line of one comparison, ending with the `Plan:` summary (or `No changes.`). */
export function layoutDiff(diff: PlanDiff, options: LayoutOptions): Line[] {
  if (diff.equal && !options.all) return [{ depth: 0, symbol: " ", text: "No changes.", heading: true }];
  const lines = [...diff.experiments.flatMap((e) => layoutExperiment(e, options)), ...layoutRuns(diff.runs, options)];
  lines.push({ depth: 0, symbol: " ", text: "", heading: true });
  lines.push({
    depth: 0,
    symbol: " ",
    text: diff.equal ? "No changes." : describeSummary(diff.summary),
    heading: true,
  });
  return lines;
}

function layoutExperiment(experiment: ExperimentDiff, options: LayoutOptions): Line[] {
  if (experiment.change === "unchanged" && !options.all) return [];
  const head: Line = { depth: 0, symbol: SYMBOL[experiment.change], text: `experiment ${experiment.name}` };
  return [head, ...layoutSettings(experiment.settings, 1, options)];
}

/**
 * Changed runs with the same changes (one schedule edited, run by every model and seed) share one
 * body under all their headers, so a 50-run plan reads as a handful of changes.
 */
function layoutRuns(runs: RunDiff[], options: LayoutOptions): Line[] {
  const groups = new Map<string, { ids: string[]; body: Line[] }>();
  const order: (RunDiff | string)[] = [];
  let unchanged = 0;
  for (const run of runs) {
    if (run.change !== "changed") {
      if (run.change === "unchanged" && !options.all) unchanged++;
      else order.push(run);
      continue;
    }
    const body = run.hops.flatMap((hop) => layoutHop(hop, options));
    const settings = layoutSettings(run.settings, 1, options);
    const lines = [...settings, ...body];
    const key = JSON.stringify(lines);
    const group = groups.get(key);
    if (group) group.ids.push(run.id);
    else {
      groups.set(key, { ids: [run.id], body: lines });
      order.push(key);
    }
  }
  const lines = order.flatMap((item) => {
    if (typeof item !== "string") return [wholeRunLine(item)];
    const group = groups.get(item)!;
    return [...group.ids.map((id): Line => ({ depth: 0, symbol: "~", text: `run ${id}` })), ...group.body];
  });
  if (unchanged > 0)
    lines.push({ depth: 0, symbol: " ", text: `(${plural(unchanged, "unchanged run")} hidden)`, muted: true });
  return lines;
}

/** An added, removed or (with `--all`) unchanged run, on one line with its stage counts. */
function wholeRunLine(run: RunDiff): Line {
  const stages = run.hops.flatMap((hop) => hop.stages);
  const reusable = stages.filter((stage) => stage.verdict?.kind === "reusable").length;
  const toRun = run.change === "removed" ? 0 : stages.length - reusable;
  const parts = [
    toRun > 0 ? `${plural(toRun, "stage")} to run` : "",
    reusable > 0 ? `${plural(reusable, "stage")} reusable` : "",
  ];
  const note = parts.filter(Boolean).join(", ");
  return {
    depth: 0,
    symbol: SYMBOL[run.change],
    text: `run ${run.id}`,
    ...(note && { note }),
    muted: run.change === "unchanged",
  };
}

function layoutHop(hop: HopDiff, options: LayoutOptions): Line[] {
  const text = `hop ${hop.domain}`;
  if (hop.change === "removed") return [{ depth: 1, symbol: "-", text }];
  if (hop.change === "unchanged") {
    return [{ depth: 1, symbol: " ", text, note: `${plural(hop.stages.length, "stage")} reusable`, muted: true }];
  }
  const note = hop.moved ? `moved ${hop.moved.from} -> ${hop.moved.to}` : undefined;
  const head: Line = { depth: 1, symbol: SYMBOL[hop.change], text, ...(note && { note }) };
  return [
    head,
    ...layoutSettings(hop.settings, 2, options),
    ...hop.stages.flatMap((stage) => layoutStage(stage, options)),
  ];
}

function layoutStage(stage: StageDiff, options: LayoutOptions): Line[] {
  const rerun = stage.verdict !== undefined && stage.verdict.kind !== "reusable";
  const symbol = stage.change === "unchanged" && rerun ? "~" : SYMBOL[stage.change];
  const note = describeStageNote(stage);
  const head: Line = {
    depth: 2,
    symbol,
    text: `stage ${stage.name}`,
    ...(note && { note }),
    ...(symbol === " " && { muted: true }),
  };
  const ownChange = stage.change === "changed" || stage.change === "added";
  return [head, ...(ownChange || options.all ? layoutSettings(stage.settings, 3, options) : [])];
}

/** Changed settings, then the unchanged ones: listed with `--all`, otherwise counted. */
function layoutSettings(settings: SettingDiff[], depth: number, options: LayoutOptions): Line[] {
  const changed = settings.filter((s) => s.change !== "unchanged");
  const unchanged = settings.filter((s) => s.change === "unchanged");
  const lines = changed.map((s): Line => ({ depth, symbol: SYMBOL[s.change], text: describeSetting(s) }));
  if (options.all) lines.push(...unchanged.map((s): Line => ({ depth, symbol: " ", text: describeSetting(s) })));
  else if (unchanged.length > 0 && changed.length > 0) {
    lines.push({ depth, symbol: " ", text: `(${plural(unchanged.length, "unchanged setting")} hidden)`, muted: true });
  }
  return lines;
}
