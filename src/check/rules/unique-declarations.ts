import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";

/** A name is declared at most once per kind (domain, model, schedule, experiment) across a file and its imports. */
export const uniqueDeclarationsRule: Rule = ({ symbols }) =>
  symbols.duplicates.map(({ kind, name, file, first }) =>
    diagnostic("THTL2002", { kind, name: name.value }, file, name.span, [
      { message: `'${name.value}' is first declared here`, file: first.file, span: first.decl.name.span },
    ]),
  );
