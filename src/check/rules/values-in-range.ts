import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Declaration, NumberLiteral, SizeLiteral, StageStatement } from "../../language/ast.js";
import type { Rule } from "../context.js";
import { scheduleStatements } from "../statements.js";

/**
 * Numbers are in range: counts (`epochs`, `batch`, `patience`, synth images, sizes) are positive
 * whole numbers; `lr` and `width` are positive, since freezing is only ever done by `freeze`,
 * never by a zero learning rate; the rest within the ranges their meaning allows.
 */
export const valuesInRangeRule: Rule = (context) => {
  const found: Diagnostic[] = [];
  const byFile = new Map<string, Checks>();
  for (const { decl, file } of context.declarations()) {
    let c = byFile.get(file);
    if (!c) byFile.set(file, (c = checks(file)));
    for (const d of checkDeclaration(decl, c)) found.push(d);
  }
  return found;
};

type Checks = ReturnType<typeof checks>;

function checks(file: string) {
  const ranged = (range: string, accepts: (v: number) => boolean) => (setting: string, literal: NumberLiteral) =>
    accepts(literal.value) ? [] : [diagnostic("THTL2042", { setting, range, value: literal.raw }, file, literal.span)];
  return {
    positive: (setting: string, literal: NumberLiteral) =>
      literal.value > 0 ? [] : [diagnostic("THTL2040", { setting, value: literal.raw }, file, literal.span)],
    count: (setting: string, literal: NumberLiteral) =>
      Number.isInteger(literal.value) && literal.value > 0
        ? []
        : [diagnostic("THTL2041", { setting, value: literal.raw }, file, literal.span)],
    size: (setting: string, literal: SizeLiteral) =>
      literal.height > 0 && literal.width > 0
        ? []
        : [diagnostic("THTL2041", { setting, value: `${literal.height}x${literal.width}` }, file, literal.span)],
    seed: ranged("a whole number, 0 or more", (v) => Number.isInteger(v) && v >= 0),
    fraction: ranged("above 0 and at most 1", (v) => v > 0 && v <= 1),
    rate: ranged("at least 0 and below 1", (v) => v >= 0 && v < 1),
    nonNegative: ranged("0 or more", (v) => v >= 0),
  };
}

function checkDeclaration(decl: Declaration, c: Checks): Diagnostic[] {
  switch (decl.kind) {
    case "Domain":
      return decl.statements.flatMap((s) => {
        if (s.kind === "Data" && s.source === "synth") return c.count("synth", s.count);
        if (s.kind === "Image") return c.size("image", s.size);
        return s.kind === "Split" && s.seed ? c.seed("seed", s.seed) : [];
      });
    case "Model":
      return decl.statements.flatMap((s) => {
        if (s.kind === "Width") return c.positive("width", s.value);
        if (s.kind === "Dropout") return c.rate("dropout", s.value);
        return s.kind === "Input" ? c.size("input", s.size) : [];
      });
    case "Schedule":
      return checkSchedule(decl, c);
    case "Experiment":
      return decl.statements.flatMap((s) => {
        if (s.kind === "Seeds") return s.values.flatMap((value) => c.seed("seeds", value));
        if (s.kind === "Input") return c.size("input", s.size);
        if (s.kind === "Cam") return c.count("cam", s.images);
        if (s.kind !== "Chain") return [];
        return s.links.flatMap((link) =>
          link.schedule.kind === "InlineSchedule" ? checkSchedule(link.schedule, c) : [],
        );
      });
    case "Import":
      return [];
  }
}

function checkSchedule(
  schedule: { defaults?: { settings: StageStatement[] }; stages: { statements: StageStatement[] }[] },
  c: Checks,
): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const s of scheduleStatements(schedule)) for (const d of checkStatement(s, c)) found.push(d);
  return found;
}

function checkStatement(s: StageStatement, c: Checks): Diagnostic[] {
  if (s.kind === "Epochs") return c.count("epochs", s.value);
  if (s.kind === "Batch") return c.count("batch", s.value);
  if (s.kind === "Lr")
    return [
      ...c.positive("lr", s.value),
      ...(s.decay?.kind === "step" ? [...c.count("step", s.decay.every), ...c.fraction("step", s.decay.factor)] : []),
    ];
  if (s.kind === "GroupLr") return c.positive("lr", s.value);
  if (s.kind === "WeightDecay") return c.nonNegative("weight_decay", s.value);
  if (s.kind === "Optimizer" && s.momentum) return c.rate("momentum", s.momentum);
  return s.kind === "EarlyStop" ? c.count("patience", s.patience) : [];
}
