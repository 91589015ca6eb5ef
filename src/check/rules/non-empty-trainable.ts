import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { scheduleUseProblems } from "../combination.js";
import type { Rule } from "../context.js";

/**
 * Every stage leaves something trainable in every model that runs it (each hop starts with
 * nothing trainable, so the first stage must `train` or `unfreeze`). Not reported after a
 * selector of the schedule failed to match, which is the real mistake.
 */
export const nonEmptyTrainableRule: Rule = (context) =>
  scheduleUseProblems(
    context,
    ({ model, schedule, stages }) => {
      const found: Diagnostic[] = [];
      for (const trace of stages) {
        if (trace.failed) break;
        if (trace.trainable.isEmpty) {
          found.push(
            diagnostic(
              "THTL2054",
              { stage: trace.stage.name.value, model: model.name },
              schedule.file,
              trace.stage.name.span,
            ),
          );
        }
      }
      return found;
    },
    ({ schedule }) => `the stage is here, in ${schedule.label}`,
  );
