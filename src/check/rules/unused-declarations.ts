import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";

/**
 * A domain or schedule declared in a file with experiments is used by some chain. Files without
 * experiments are libraries meant to be imported, so their declarations are never reported.
 */
export const unusedDeclarationsRule: Rule = (context) => {
  const usedDomains = new Set<string>();
  const usedSchedules = new Set<string>();
  for (const { chain } of context.experiments) {
    if (!chain) continue;
    usedDomains.add(chain.start.value);
    for (const link of chain.links) {
      usedDomains.add(link.domain.value);
      if (link.schedule.kind === "Name") usedSchedules.add(link.schedule.value);
    }
  }
  return context.program.files.flatMap(({ path, document }) => {
    if (!document.declarations.some((decl) => decl.kind === "Experiment")) return [];
    return document.declarations.flatMap((decl) => {
      if (decl.kind === "Domain" && !usedDomains.has(decl.name.value))
        return [diagnostic("THTL2011", { name: decl.name.value }, path, decl.name.span)];
      if (decl.kind === "Schedule" && !usedSchedules.has(decl.name.value))
        return [diagnostic("THTL2012", { name: decl.name.value }, path, decl.name.span)];
      return [];
    });
  });
};
