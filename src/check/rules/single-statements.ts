import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../language/ast.js";
import type { Rule } from "../context.js";
import { STATEMENT_KEYWORDS } from "../wording.js";

/**
 * A block gives each statement at most once (`lr SEL X`, one per selector, aside): a second
 * `epochs` is almost always an editing slip, and silently taking one of them would hide it.
 */
export const singleStatementsRule: Rule = (context) => {
  const found: Diagnostic[] = [];
  for (const { decl, file } of context.declarations()) {
    if (decl.kind === "Domain") found.push(...repeats(decl.statements, `domain '${decl.name.value}'`, file));
    if (decl.kind === "Model") found.push(...repeats(decl.statements, `model '${decl.name.value}'`, file));
    if (decl.kind === "Experiment") found.push(...repeats(decl.statements, `experiment '${decl.name.value}'`, file));
  }
  for (const { label, node, file } of context.schedules()) {
    if (node.defaults) found.push(...repeats(node.defaults.settings, `the defaults of ${label}`, file));
    for (const stage of node.stages) found.push(...repeats(stage.statements, `stage '${stage.name.value}'`, file));
  }
  return found;
};

function repeats(statements: readonly { kind: string; span: Span }[], owner: string, file: string): Diagnostic[] {
  const seen = new Map<string, Span>();
  return statements.flatMap(({ kind, span }) => {
    const statement = STATEMENT_KEYWORDS[kind];
    if (statement === undefined) return [];
    const earlier = seen.get(kind);
    if (!earlier) {
      seen.set(kind, span);
      return [];
    }
    return [
      diagnostic("THTL2009", { statement, owner }, file, span, [
        { message: `the first \`${statement}\` is here`, file, span: earlier },
      ]),
    ];
  });
}
