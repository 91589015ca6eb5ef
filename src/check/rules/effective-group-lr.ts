import { diagnostic } from "../../diagnostics/catalogue.js";
import { scheduleUseProblems } from "../combination.js";
import type { Rule } from "../context.js";
import { selectorText } from "../selectors.js";
import { layoutOf } from "../models.js";
import { touched } from "../trainable.js";
import { quoteListWithVerb } from "../wording.js";

/**
 * A stage's own `lr SEL X` applies to something trainable in that stage. (`lr SEL X` in
 * `defaults` is exempt: gradual unfreezing sets a group's rate once and unfreezes it later.)
 */
export const effectiveGroupLrRule: Rule = (context) =>
  scheduleUseProblems(
    context,
    ({ model, schedule, stages }) =>
      stages.flatMap((trace) =>
        trace.groupLr
          .filter(
            ({ setting, match }) =>
              trace.stage.statements.includes(setting) && !match.problem && !trace.trainable.hasAny(match),
          )
          .map(({ setting, match }) => {
            const groups = touched(match, layoutOf(model));
            const args = {
              selector: selectorText(setting.selector),
              stage: trace.stage.name.value,
              model: model.name,
              groups: quoteListWithVerb(groups),
            };
            return diagnostic("THTL2060", args, schedule.file, setting.span);
          }),
      ),
    ({ schedule }) => `the setting is here, in ${schedule.label}`,
  );
