import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { first } from "../statements.js";

/** An experiment has `models` and a `chain` (`seeds` defaults to 1). */
export const experimentCompleteRule: Rule = ({ experiments }) =>
  experiments.flatMap(({ decl, file }) => {
    const missing = (["Models", "Chain"] as const)
      .filter((kind) => !first(decl.statements, kind))
      .map((kind) => `\`${kind.toLowerCase()}\``);
    return missing.length === 0
      ? []
      : [diagnostic("THTL2072", { name: decl.name.value, missing: missing.join(" and no ") }, file, decl.name.span)];
  });
