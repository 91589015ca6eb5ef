import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import type { Rule } from "../context.js";

const METRICS = ["val_loss", "val_acc", "val_f1", "val_recall"];

/** `early_stop` watches val_loss, val_acc, val_f1 or val_recall. */
export const knownMetricsRule: Rule = (context) =>
  context.schedules().flatMap(({ node, file }) =>
    [...(node.defaults?.settings ?? []), ...node.stages.flatMap((stage) => stage.statements)].flatMap((s) =>
      s.kind === "EarlyStop" && !METRICS.includes(s.metric.value)
        ? [diagnostic("THTL2053", { name: s.metric.value, hint: didYouMeanOrList(s.metric.value, METRICS) }, file, s.metric.span)]
        : [],
    ),
  );
