import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Rule } from "../context.js";
import { domainKind } from "../domains.js";
import { imageMode } from "../input.js";
import { first } from "../statements.js";

/**
 * The data domains of one chain agree on image mode, and on `image` size unless the experiment
 * sets `input`: one model takes one input shape through every hop.
 */
export const consistentChainImagesRule: Rule = ({ experiments }) =>
  experiments.flatMap((experiment) => {
    const found: Diagnostic[] = [];
    const hops = experiment.hops.flatMap((hop) => (hop.domain && domainKind(hop.domain.decl) === "data" ? [{ ...hop, domain: hop.domain }] : []));
    const sized = hops.filter((hop) => first(hop.domain.decl.statements, "Image"));
    for (const hop of hops.slice(1)) {
      const [base, mode, firstMode] = [hops[0], imageMode(hop.domain.decl), imageMode(hops[0].domain.decl)];
      if (mode !== firstMode) {
        const args = { domain: hop.link.domain.value, mode, first: base.link.domain.value, firstMode };
        found.push(diagnostic("THTL2075", args, experiment.file, hop.link.domain.span));
      }
    }
    if (experiment.input) return found;
    for (const hop of sized.slice(1)) {
      const size = first(hop.domain.decl.statements, "Image")!.size;
      const firstSize = first(sized[0].domain.decl.statements, "Image")!.size;
      if (size.height === firstSize.height && size.width === firstSize.width) continue;
      const args = { domain: hop.link.domain.value, size: `${size.height}x${size.width}`, first: sized[0].link.domain.value, firstSize: `${firstSize.height}x${firstSize.width}` };
      const related = [{ message: `'${sized[0].link.domain.value}' sets its size here`, file: sized[0].domain.file, span: firstSize.span }];
      found.push(diagnostic("THTL2074", args, experiment.file, hop.link.domain.span, related));
    }
    return found;
  });
