import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { ARCHITECTURE_NAMES, getArchitecture } from "../../models/catalogue.js";
import type { Variant } from "../../models/types.js";
import type { Rule } from "../context.js";
import { first } from "../statements.js";

/** A `model` variant names a known architecture in `arch` and does not take a built-in architecture's name. */
export const modelDeclarationsRule: Rule = ({ symbols }) =>
  [...symbols.models.values()].flatMap(({ decl, file }) => {
    const found: Diagnostic[] = [];
    if (getArchitecture(decl.name.value))
      found.push(diagnostic("THTL2007", { name: decl.name.value }, file, decl.name.span));
    const arch = first(decl.statements, "Arch");
    if (!arch) found.push(diagnostic("THTL2076", { name: decl.name.value }, file, decl.name.span));
    else if (!getArchitecture(arch.arch.value)) {
      found.push(
        diagnostic(
          "THTL2006",
          {
            name: arch.arch.value,
            hint: didYouMean(arch.arch.value, ARCHITECTURE_NAMES) || "; `thtl models` lists the architectures",
          },
          file,
          arch.arch.span,
        ),
      );
    } else if (arch.variant && !getArchitecture(arch.arch.value)!.variants.includes(arch.variant.value as Variant)) {
      const variants = getArchitecture(arch.arch.value)!.variants.join(", ");
      found.push(
        diagnostic(
          "THTL2077",
          { arch: arch.arch.value, variant: arch.variant.value, variants },
          file,
          arch.variant.span,
        ),
      );
    }
    return found;
  });
