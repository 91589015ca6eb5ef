import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Span } from "../../language/ast.js";
import type { Rule } from "../context.js";

/** `classes`, `models`, `seeds` and `augment` list each item once. */
export const uniqueListItemsRule: Rule = (context) => {
  const found: Diagnostic[] = [];
  for (const { decl, file } of context.declarations()) {
    if (decl.kind === "Domain") {
      for (const statement of decl.statements) {
        if (statement.kind === "Classes")
          found.push(
            ...repeats(
              statement.names.map((n) => ({ text: n.value, span: n.span })),
              "classes",
              file,
            ),
          );
        if (statement.kind === "Augment")
          found.push(
            ...repeats(
              statement.items.map((i) => ({ text: i.name.value, span: i.span })),
              "augment",
              file,
            ),
          );
      }
    }
    if (decl.kind === "Experiment") {
      for (const statement of decl.statements) {
        if (statement.kind === "Models")
          found.push(
            ...repeats(
              statement.names.map((n) => ({ text: n.value, span: n.span })),
              "models",
              file,
            ),
          );
        if (statement.kind === "Seeds")
          found.push(
            ...repeats(
              statement.values.map((v) => ({ text: String(v.value), span: v.span })),
              "seeds",
              file,
            ),
          );
      }
    }
  }
  return found;
};

function repeats(items: { text: string; span: Span }[], statement: string, file: string): Diagnostic[] {
  const seen = new Set<string>();
  return items.flatMap(({ text, span }) => {
    if (!seen.has(text)) {
      seen.add(text);
      return [];
    }
    return [diagnostic("THTL2010", { item: text, statement }, file, span)];
  });
}
