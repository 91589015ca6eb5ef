import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Rule } from "../context.js";
import { first } from "../statements.js";

/** A domain's `positive` class is one of its classes. */
export const positiveClassRule: Rule = (context) =>
  [...context.symbols.domains.values()].flatMap((domain) => {
    const positive = first(domain.decl.statements, "Positive");
    const resolved = positive && context.classesOf(domain);
    if (!positive || !resolved || !("classes" in resolved) || resolved.classes.includes(positive.name.value)) return [];
    const args = {
      name: positive.name.value,
      domain: domain.decl.name.value,
      classes: resolved.classes.join(", "),
      hint: didYouMean(positive.name.value, resolved.classes),
    };
    return [diagnostic("THTL2022", args, domain.file, positive.name.span)];
  });
