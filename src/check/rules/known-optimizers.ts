import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Rule } from "../context.js";
import { scheduleStatements } from "../statements.js";

export const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop"];

/** `optimizer` names sgd, adam, adamw or rmsprop, and only sgd takes a `momentum`. */
export const knownOptimizersRule: Rule = (context) => {
  const found: Diagnostic[] = [];
  for (const { node, file } of context.schedules()) {
    for (const s of scheduleStatements(node)) {
      if (s.kind !== "Optimizer") continue;
      const name = s.name.value;
      if (!OPTIMIZERS.includes(name))
        found.push(diagnostic("THTL2051", { name, hint: didYouMeanOrList(name, OPTIMIZERS) }, file, s.name.span));
      else if (s.momentum && name !== "sgd") found.push(diagnostic("THTL2052", { name }, file, s.momentum.span));
    }
  }
  return found;
};
