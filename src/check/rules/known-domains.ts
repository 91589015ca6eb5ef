import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Name } from "../../language/ast.js";
import type { Rule } from "../context.js";

/** Every domain a chain names is declared (`scratch` aside). */
export const knownDomainsRule: Rule = ({ experiments, symbols }) => {
  const unknown = (name: Name, file: string) =>
    diagnostic("THTL2003", { name: name.value, hint: didYouMean(name.value, symbols.domains.keys()) }, file, name.span);
  return experiments.flatMap((experiment) => {
    const chain = experiment.chain;
    if (!chain) return [];
    const start = chain.start.value !== "scratch" && !experiment.start ? [unknown(chain.start, experiment.file)] : [];
    const links = experiment.hops.filter((hop) => !hop.domain).map((hop) => unknown(hop.link.domain, experiment.file));
    return [...start, ...links];
  });
};
