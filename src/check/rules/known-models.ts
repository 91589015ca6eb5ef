import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { ARCHITECTURE_NAMES } from "../../models/catalogue.js";
import type { Rule } from "../context.js";

/** Every name in `models` is a built-in architecture or a declared `model` variant. */
export const knownModelsRule: Rule = ({ experiments, symbols }) =>
  experiments.flatMap((experiment) =>
    experiment.models
      .filter(({ name }) => !symbols.models.has(name.value) && !ARCHITECTURE_NAMES.includes(name.value))
      .map(({ name }) =>
        diagnostic(
          "THTL2005",
          { name: name.value, hint: didYouMean(name.value, [...ARCHITECTURE_NAMES, ...symbols.models.keys()]) },
          experiment.file,
          name.span,
        ),
      ),
  );
