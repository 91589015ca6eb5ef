import { diagnostic } from "../../diagnostics/catalogue.js";
import { scheduleUseProblems } from "../combination.js";
import type { Rule } from "../context.js";
import { selectorText } from "../selectors.js";
import { quoteListWithVerb } from "../wording.js";

/** An `unfreeze` selector changes something: warned when everything it selects is already trainable. */
export const effectiveUnfreezeRule: Rule = (context) =>
  scheduleUseProblems(
    context,
    ({ schedule, stages }) =>
      stages.flatMap((trace) =>
        trace.uses
          .filter((use) => use.op === "unfreeze" && use.noEffect)
          .map((use) =>
            diagnostic(
              "THTL2058",
              {
                selector: selectorText(use.selector),
                stage: trace.stage.name.value,
                groups: quoteListWithVerb(use.noEffect!),
              },
              schedule.file,
              use.selector.span,
            ),
          ),
      ),
    ({ schedule }) => `the selector is here, in ${schedule.label}`,
  );
