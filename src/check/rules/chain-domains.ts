import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { domainKind } from "../domains.js";

/** A chain starts at `scratch` or a weights domain, and every later element is a data domain. */
export const chainDomainsRule: Rule = ({ experiments }) =>
  experiments.flatMap((experiment) => {
    const { chain, start } = experiment;
    const startProblem =
      chain && start && start !== "scratch" && domainKind(start.decl) === "data"
        ? [diagnostic("THTL2070", { name: chain.start.value }, experiment.file, chain.start.span)]
        : [];
    const linkProblems = experiment.hops
      .filter((hop) => hop.domain && domainKind(hop.domain.decl) === "weights")
      .map((hop) => diagnostic("THTL2071", { name: hop.link.domain.value }, experiment.file, hop.link.domain.span));
    return [...startProblem, ...linkProblems];
  });
