import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Rule } from "../context.js";

/** A split's parts are positive percentages that sum to 100. */
export const splitSumsRule: Rule = (context) =>
  context.declarations().flatMap(({ decl, file }) => {
    if (decl.kind !== "Domain") return [];
    return decl.statements.flatMap((statement) => {
      if (statement.kind !== "Split" || statement.parts.length === 0) return [];
      const ratio = statement.parts.map((part) => part.raw).join("/");
      const span = { start: statement.parts[0].span.start, end: statement.parts[statement.parts.length - 1].span.end };
      if (statement.parts.some((part) => part.value <= 0)) return [diagnostic("THTL2024", { ratio }, file, span)];
      const sum = statement.parts.reduce((total, part) => total + part.value, 0);
      return sum === 100 ? [] : [diagnostic("THTL2023", { ratio, sum }, file, span)];
    });
  });
