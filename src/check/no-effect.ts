import { diagnostic } from "../diagnostics/catalogue.js";
import { scheduleUseProblems } from "./combination.js";
import type { Rule } from "./context.js";
import { selectorText } from "./selectors.js";
import { quoteListWithVerb } from "./wording.js";

/**
 * The rule that warns about `unfreeze` (THTL2058) or `freeze` (THTL2059) selectors that change
 * nothing: both messages name the selector, the stage and the groups it would have changed.
 */
export function noEffectRule(op: "unfreeze" | "freeze", code: "THTL2058" | "THTL2059"): Rule {
  return (context) =>
    scheduleUseProblems(
      context,
      ({ schedule, stages }) =>
        stages.flatMap((trace) =>
          trace.uses
            .filter((use) => use.op === op && use.noEffect)
            .map((use) =>
              diagnostic(
                code,
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
}
