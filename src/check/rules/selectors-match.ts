import { scheduleUseProblems } from "../combination.js";
import type { Rule } from "../context.js";

/** Every selector matches something in every model that runs its schedule; if not, the message names the model and lists its groups. */
export const selectorsMatchRule: Rule = (context) =>
  scheduleUseProblems(
    context,
    ({ model, schedule, stages }) =>
      stages.flatMap((trace) =>
        [...trace.uses, ...trace.groupLr.map(({ setting, match }) => ({ selector: setting.selector, match }))].flatMap(
          ({ selector, match }) => (match.problem ? [match.problem(model.name, schedule.file, selector.span)] : []),
        ),
      ),
    ({ schedule }) => `the selector is here, in ${schedule.label}`,
  );
