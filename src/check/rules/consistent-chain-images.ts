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
    const hops = experiment.hops.flatMap(({ link, domain }) =>
      domain && domainKind(domain.decl) === "data" ? [{ link, domain }] : [],
    );
    const found: Diagnostic[] = [];
    const base = hops[0];
    for (const hop of hops.slice(1)) {
      const [mode, firstMode] = [imageMode(hop.domain.decl), imageMode(base!.domain.decl)];
      if (mode === firstMode) continue;
      const args = { domain: hop.link.domain.value, mode, first: base!.link.domain.value, firstMode };
      // Where each domain says its mode (rgb, the default, may go unsaid).
      const related = [base!, hop].flatMap(({ link, domain }) => {
        const image = first(domain.decl.statements, "Image");
        return image
          ? [{ message: `'${link.domain.value}' sets its image mode here`, file: domain.file, span: image.span }]
          : [];
      });
      found.push(diagnostic("THTL2075", args, experiment.file, hop.link.domain.span, related));
    }
    if (experiment.input) return found;
    const sized = hops.flatMap((hop) => {
      const image = first(hop.domain.decl.statements, "Image");
      return image ? [{ ...hop, size: image.size }] : [];
    });
    const [sizeBase] = sized;
    for (const hop of sized.slice(1)) {
      if (hop.size.height === sizeBase!.size.height && hop.size.width === sizeBase!.size.width) continue;
      const text = (size: { height: number; width: number }) => `${size.height}x${size.width}`;
      const args = {
        domain: hop.link.domain.value,
        size: text(hop.size),
        first: sizeBase!.link.domain.value,
        firstSize: text(sizeBase!.size),
      };
      const related = [
        {
          message: `'${sizeBase!.link.domain.value}' sets its size here`,
          file: sizeBase!.domain.file,
          span: sizeBase!.size.span,
        },
      ];
      found.push(diagnostic("THTL2074", args, experiment.file, hop.link.domain.span, related));
    }
    return found;
  });
