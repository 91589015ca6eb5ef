import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../language/ast.js";
import type { CheckContext, ScheduleUse } from "./context.js";
import type { ExperimentInfo } from "./experiments.js";
import type { ResolvedModel } from "./models.js";

/**
 * Where a problem that comes from combining two declarations is reported. It belongs to the
 * experiment that combines them, at its `models` entry, with a note at the other declaration's
 * statement: other experiments may use that declaration fine.
 */
export function atModelsEntry(
  found: Diagnostic,
  experiment: ExperimentInfo,
  model: ResolvedModel,
  note: string,
): Diagnostic {
  const entry = experiment.models.find((candidate) => candidate.model === model)!;
  return {
    ...found,
    file: experiment.file,
    span: entry.name.span,
    related: [{ message: note, file: found.file, span: found.span }, ...(found.related ?? [])],
  };
}

/**
 * The problems of schedules as run by models (`problemsOf` reports each at the schedule's own
 * statement). One that every model running the schedule shows is the schedule's: it stays there.
 * One that only some show comes from the combination and moves to the experiment's `models`
 * entry of each such model, noting the statement (`note` words it).
 */
export function scheduleUseProblems(
  context: CheckContext,
  problemsOf: (use: ScheduleUse) => Diagnostic[],
  note: (use: ScheduleUse) => string,
): Diagnostic[] {
  const uses = context.scheduleUses();
  const found = uses.map((use) => ({ use, problems: problemsOf(use) }));
  const place = (d: Diagnostic) => `${d.code} ${d.file} ${spanKey(d.span)}`;
  const usesOf = (use: ScheduleUse) => found.filter((other) => other.use.schedule.node === use.schedule.node);
  return found.flatMap(({ use, problems }) =>
    problems.map((problem) => {
      const everywhere = usesOf(use).every((other) => other.problems.some((d) => place(d) === place(problem)));
      return everywhere ? problem : atModelsEntry(problem, use.experiment, use.model, note(use));
    }),
  );
}

function spanKey(span: Span): string {
  return `${span.start.offset}-${span.end.offset}`;
}
