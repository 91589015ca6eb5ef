import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { domainKind } from "../domains.js";

/** A data domain without `classes` has data whose labels can be read (its sub-folders or its CSV's `label` column). */
export const readableClassesRule: Rule = (context) =>
  [...context.symbols.domains.values()].flatMap((domain) => {
    if (domainKind(domain.decl) !== "data") return [];
    const resolved = context.classesOf(domain);
    if (!resolved || !("unreadable" in resolved)) return [];
    const { data, path, reason } = resolved.unreadable;
    const span = "path" in data ? data.path.span : data.span;
    return [diagnostic("THTL2030", { domain: domain.decl.name.value, path, reason }, domain.file, span)];
  });
