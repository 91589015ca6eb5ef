import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { domainKind } from "../domains.js";
import { first } from "../statements.js";
import { STATEMENT_KEYWORDS } from "../wording.js";

/** Statements about a dataset that a weights domain has none of. `classes` is kept: it decides whether the pretrained classifier is reused. */
const DATA_ONLY = new Set(["Positive", "Split", "Image", "Augment"]);

/** A domain has exactly one of `weights` or `data`; a weights domain has no dataset statements. */
export const domainKindRule: Rule = (context) =>
  context.declarations().flatMap(({ decl, file }) => {
    if (decl.kind !== "Domain") return [];
    const name = decl.name.value;
    if (domainKind(decl) === "invalid") {
      return [diagnostic(first(decl.statements, "Data") ? "THTL2020" : "THTL2021", { name }, file, decl.name.span)];
    }
    if (domainKind(decl) === "data") return [];
    return decl.statements
      .filter((statement) => DATA_ONLY.has(statement.kind))
      .map((statement) =>
        diagnostic("THTL2031", { statement: STATEMENT_KEYWORDS[statement.kind], domain: name }, file, statement.span),
      );
  });
