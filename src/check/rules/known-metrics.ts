import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Rule } from "../context.js";
import { scheduleStatements } from "../statements.js";

export const METRICS = ["val_loss", "val_acc", "val_f1", "val_recall"];

/** `early_stop` watches val_loss, val_acc, val_f1 or val_recall. */
export const knownMetricsRule: Rule = (context) => {
  const found: Diagnostic[] = [];
  for (const { node, file } of context.schedules()) {
    for (const s of scheduleStatements(node)) {
      if (s.kind === "EarlyStop" && !METRICS.includes(s.metric.value)) {
        found.push(
          diagnostic(
            "THTL2053",
            { name: s.metric.value, hint: didYouMeanOrList(s.metric.value, METRICS) },
            file,
            s.metric.span,
          ),
        );
      }
    }
  }
  return found;
};
