import type { StageStatement } from "../language/ast.js";

/** The first statement of a kind in a block (repeats are reported by `single-statements`). */
export function first<S extends { kind: string }, K extends S["kind"]>(
  statements: readonly S[],
  kind: K,
): Extract<S, { kind: K }> | undefined {
  return statements.find((statement) => statement.kind === kind) as Extract<S, { kind: K }> | undefined;
}

/** A schedule's statements: its `defaults`, then each stage's, in order. */
export function scheduleStatements(schedule: {
  defaults?: { settings: readonly StageStatement[] };
  stages: readonly { statements: readonly StageStatement[] }[];
}): StageStatement[] {
  const statements = [...(schedule.defaults?.settings ?? [])];
  for (const stage of schedule.stages) for (const statement of stage.statements) statements.push(statement);
  return statements;
}
