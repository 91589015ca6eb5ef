import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Declaration, DomainDecl } from "../language/ast.js";
import { classesOf, type ClassesOf } from "./classes.js";
import { resolveExperiment, type ExperimentInfo, type Hop, type ResolvedSchedule } from "./experiments.js";
import type { SourceHost } from "./host.js";
import { layoutKey, layoutOf, type ResolvedModel } from "./models.js";
import type { Program } from "./program.js";
import { collectSymbols, type Declared, type Symbols } from "./symbols.js";
import { traceSchedule, type StageTrace } from "./trainable.js";

/**
 * What every rule (and then the compiler) sees: the program, its names, and memoised
 * resolutions, so that a schedule is traced once per architecture however many rules ask.
 */
export class CheckContext {
  readonly symbols: Symbols;
  readonly experiments: ExperimentInfo[];
  private readonly classes = new Map<DomainDecl, ClassesOf>();
  private readonly traces = new Map<ResolvedSchedule["node"], Map<string, StageTrace[]>>();
  private allSchedules: ResolvedSchedule[] | undefined;
  // Several rules walk these: each is worked out once.
  private allDeclarations: { decl: Declaration; file: string }[] | undefined;
  private allUses: ScheduleUse[] | undefined;

  constructor(
    readonly program: Program,
    readonly host: SourceHost,
  ) {
    this.symbols = collectSymbols(program);
    this.experiments = [...this.symbols.experiments.values()].map((experiment) =>
      resolveExperiment(experiment, this.symbols),
    );
  }

  classesOf(domain: Declared<DomainDecl>): ClassesOf {
    if (!this.classes.has(domain.decl)) this.classes.set(domain.decl, classesOf(domain, this.host));
    return this.classes.get(domain.decl);
  }

  trace(schedule: ResolvedSchedule, model: ResolvedModel): StageTrace[] {
    let byLayout = this.traces.get(schedule.node);
    if (!byLayout) this.traces.set(schedule.node, (byLayout = new Map()));
    let trace = byLayout.get(layoutKey(model));
    if (!trace) byLayout.set(layoutKey(model), (trace = traceSchedule(schedule, layoutOf(model))));
    return trace;
  }

  /** Every declaration of every file, duplicates included. */
  declarations(): readonly { decl: Declaration; file: string }[] {
    return (this.allDeclarations ??= this.program.files.flatMap(({ path, document }) =>
      document.declarations.map((decl) => ({ decl, file: path })),
    ));
  }

  /** Every declared schedule (duplicates included) and every inline one. */
  schedules(): ResolvedSchedule[] {
    return (this.allSchedules ??= this.collectSchedules());
  }

  private collectSchedules(): ResolvedSchedule[] {
    const named: ResolvedSchedule[] = [];
    for (const { decl, file } of this.declarations()) {
      if (decl.kind === "Schedule") named.push({ label: `schedule '${decl.name.value}'`, node: decl, file });
    }
    const inline = this.experiments.flatMap((experiment) =>
      experiment.hops.flatMap((hop) =>
        hop.schedule && hop.schedule.node.kind === "InlineSchedule" ? [hop.schedule] : [],
      ),
    );
    return [...named, ...inline];
  }

  /** Every schedule as used by a hop of an experiment for one of its models, traced. */
  scheduleUses(): readonly ScheduleUse[] {
    return (this.allUses ??= this.collectUses());
  }

  private collectUses(): ScheduleUse[] {
    const uses: ScheduleUse[] = [];
    for (const experiment of this.experiments) {
      for (const { model } of experiment.models) {
        if (!model) continue;
        for (const hop of experiment.hops) {
          if (hop.schedule)
            uses.push({ experiment, model, hop, schedule: hop.schedule, stages: this.trace(hop.schedule, model) });
        }
      }
    }
    return uses;
  }
}

export interface ScheduleUse {
  experiment: ExperimentInfo;
  model: ResolvedModel;
  hop: Hop;
  schedule: ResolvedSchedule;
  stages: StageTrace[];
}

/** A rule: a one-sentence statement at the top of its file, then a function from context to diagnostics. */
export type Rule = (context: CheckContext) => Diagnostic[];
