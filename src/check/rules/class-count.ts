import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { domainKind } from "../domains.js";
import { first } from "../statements.js";

/** A data domain has at least two classes: a classifier of one class learns nothing. */
export const classCountRule: Rule = (context) =>
  [...context.symbols.domains.values()].flatMap((domain) => {
    if (domainKind(domain.decl) !== "data") return [];
    const resolved = context.classesOf(domain);
    if (!resolved || !("classes" in resolved) || resolved.classes.length >= 2) return [];
    const span = (first(domain.decl.statements, "Classes") ?? first(domain.decl.statements, "Data")!).span;
    return [
      diagnostic("THTL2029", { domain: domain.decl.name.value, count: resolved.classes.length }, domain.file, span),
    ];
  });
