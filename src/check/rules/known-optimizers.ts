import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import type { Rule } from "../context.js";

const OPTIMIZERS = ["sgd", "adam", "adamw", "rmsprop"];

/** `optimizer` names sgd, adam, adamw or rmsprop, and only sgd takes a `momentum`. */
export const knownOptimizersRule: Rule = (context) =>
  context.schedules().flatMap(({ node, file }) =>
    [...(node.defaults?.settings ?? []), ...node.stages.flatMap((stage) => stage.statements)].flatMap((s) => {
      if (s.kind !== "Optimizer") return [];
      const name = s.name.value;
      if (!OPTIMIZERS.includes(name)) return [diagnostic("THTL2051", { name, hint: didYouMeanOrList(name, OPTIMIZERS) }, file, s.name.span)];
      return s.momentum && name !== "sgd" ? [diagnostic("THTL2052", { name }, file, s.momentum.span)] : [];
    }),
  );
