import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import type { Rule } from "../context.js";

/** Every schedule a chain names after `with` is declared. */
export const knownSchedulesRule: Rule = ({ experiments, symbols }) =>
  experiments.flatMap((experiment) =>
    experiment.hops.flatMap(({ link, schedule }) =>
      schedule || link.schedule.kind !== "Name"
        ? []
        : [
            diagnostic(
              "THTL2004",
              { name: link.schedule.value, hint: didYouMean(link.schedule.value, symbols.schedules.keys()) },
              experiment.file,
              link.schedule.span,
            ),
          ],
    ),
  );
