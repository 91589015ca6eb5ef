import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";
import { resolveSettings } from "../settings.js";

/** Every stage has `epochs`, its own or from the schedule's `defaults`: there is no sensible built-in. */
export const stageEpochsRule: Rule = (context) =>
  context
    .schedules()
    .flatMap(({ label, node, file }) =>
      node.stages
        .filter((stage) => resolveSettings(node.defaults, stage).epochs === undefined)
        .map((stage) => diagnostic("THTL2050", { stage: stage.name.value, schedule: label }, file, stage.name.span)),
    );
