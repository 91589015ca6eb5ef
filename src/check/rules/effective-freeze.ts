import { diagnostic } from "../../diagnostics/catalogue.js";
import { scheduleUseProblems } from "../combination.js";
import type { Rule } from "../context.js";
import { selectorText } from "../selectors.js";
import { quoteListWithVerb } from "../wording.js";

/** A `freeze` selector changes something: warned when nothing it selects is trainable yet. */
export const effectiveFreezeRule: Rule = (context) =>
  scheduleUseProblems(
    context,
    ({ schedule, stages }) =>
      stages.flatMap((trace) =>
        trace.uses
          .filter((use) => use.op === "freeze" && use.noEffect)
          .map((use) =>
            diagnostic(
              "THTL2059",
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
