import { diagnostic } from "../../diagnostics/catalogue.js";
import type { StageDecl } from "../../language/ast.js";
import type { Rule } from "../context.js";

/** Stage names are unique within a schedule (they name checkpoints, reports and diff entries). */
export const uniqueStageNamesRule: Rule = (context) =>
  context.schedules().flatMap(({ label, node, file }) => {
    const seen = new Map<string, StageDecl>();
    return node.stages.flatMap((stage) => {
      const earlier = seen.get(stage.name.value);
      if (!earlier) {
        seen.set(stage.name.value, stage);
        return [];
      }
      const related = [
        { message: `stage '${stage.name.value}' is first declared here`, file, span: earlier.name.span },
      ];
      return [diagnostic("THTL2008", { name: stage.name.value, schedule: label }, file, stage.name.span, related)];
    });
  });
