/** The first statement of a kind in a block (repeats are reported by `single-statements`). */
export function first<S extends { kind: string }, K extends S["kind"]>(statements: readonly S[], kind: K): Extract<S, { kind: K }> | undefined {
  return statements.find((statement) => statement.kind === kind) as Extract<S, { kind: K }> | undefined;
}
