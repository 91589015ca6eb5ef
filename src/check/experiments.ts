import type {
  ChainLink,
  ChainStmt,
  DomainDecl,
  ExperimentDecl,
  InlineSchedule,
  InputStmt,
  Name,
  ScheduleDecl,
} from "../language/ast.js";
import { resolveModel, type ResolvedModel } from "./models.js";
import { first } from "./statements.js";
import type { Declared, Symbols } from "./symbols.js";

/** A named schedule or an inline `with { ... }` block. */
export interface ResolvedSchedule {
  /** For messages: `schedule 'swft'` or `the inline schedule of experiment 'e'`. */
  label: string;
  node: ScheduleDecl | InlineSchedule;
  file: string;
}

export interface Hop {
  link: ChainLink;
  /** Undefined when the name is unknown. */
  domain?: Declared<DomainDecl>;
  schedule?: ResolvedSchedule;
}

/** An experiment with its names looked up; parts that cannot be resolved are left undefined. */
export interface ExperimentInfo {
  name: string;
  decl: ExperimentDecl;
  file: string;
  models: { name: Name; model?: ResolvedModel }[];
  seeds: number[];
  /** `cam N`: validation images to keep LayerCAM maps of after every stage. */
  cam?: number;
  input?: InputStmt;
  chain?: ChainStmt;
  start?: "scratch" | Declared<DomainDecl>;
  hops: Hop[];
}

export function resolveExperiment(declared: Declared<ExperimentDecl>, symbols: Symbols): ExperimentInfo {
  const { decl, file } = declared;
  const chain = first(decl.statements, "Chain");
  const input = first(decl.statements, "Input");
  const startName = chain?.start.value;
  return {
    name: decl.name.value,
    decl,
    file,
    models: (first(decl.statements, "Models")?.names ?? []).map((name) => ({
      name,
      model: resolveModel(name.value, symbols),
    })),
    seeds: first(decl.statements, "Seeds")?.values.map((seed) => seed.value) ?? [1],
    ...(first(decl.statements, "Cam") && { cam: first(decl.statements, "Cam")!.images.value }),
    ...(input && { input }),
    ...(chain && { chain }),
    ...(startName !== undefined && {
      start: startName === "scratch" ? ("scratch" as const) : symbols.domains.get(startName),
    }),
    hops: (chain?.links ?? []).map((link) => resolveHop(link, declared, symbols)),
  };
}

function resolveHop(link: ChainLink, experiment: Declared<ExperimentDecl>, symbols: Symbols): Hop {
  const domain = symbols.domains.get(link.domain.value);
  return { link, ...(domain && { domain }), ...scheduleOf(link, experiment, symbols) };
}

function scheduleOf(
  link: ChainLink,
  experiment: Declared<ExperimentDecl>,
  symbols: Symbols,
): { schedule?: ResolvedSchedule } {
  if (link.schedule.kind === "InlineSchedule") {
    const label = `the inline schedule of experiment '${experiment.decl.name.value}'`;
    return { schedule: { label, node: link.schedule, file: experiment.file } };
  }
  const named = symbols.schedules.get(link.schedule.value);
  return named
    ? { schedule: { label: `schedule '${named.decl.name.value}'`, node: named.decl, file: named.file } }
    : {};
}
