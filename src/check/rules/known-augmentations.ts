import { diagnostic } from "../../diagnostics/catalogue.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import type { AugmentItem } from "../../language/ast.js";
import type { Rule } from "../context.js";

/** What each augmentation takes: nothing, or a value in a range. */
export const AUGMENTATIONS: Record<
  string,
  { usage: string; range: string; accepts: (value: number) => boolean } | null
> = {
  hflip: null,
  vflip: null,
  rotate: {
    usage: "`rotate DEGREES`, e.g. `rotate 15`",
    range: "above 0 and at most 180 (degrees)",
    accepts: (v) => v > 0 && v <= 180,
  },
  crop: {
    usage: "`crop FRACTION`, e.g. `crop 0.9`",
    range: "above 0 and at most 1 (a fraction of the image)",
    accepts: (v) => v > 0 && v <= 1,
  },
  jitter: {
    usage: "`jitter AMOUNT`, e.g. `jitter 0.2`",
    range: "above 0 and at most 1",
    accepts: (v) => v > 0 && v <= 1,
  },
};

/** Every augmentation is known and given a value exactly when it takes one, within its range. */
export const knownAugmentationsRule: Rule = (context) =>
  context.declarations().flatMap(({ decl, file }) => {
    if (decl.kind !== "Domain") return [];
    return decl.statements.flatMap((statement) =>
      statement.kind === "Augment" ? statement.items.flatMap((item) => checkItem(item, file)) : [],
    );
  });

function checkItem(item: AugmentItem, file: string): Diagnostic[] {
  const name = item.name.value;
  if (!Object.hasOwn(AUGMENTATIONS, name)) {
    return [
      diagnostic("THTL2025", { name, hint: didYouMeanOrList(name, Object.keys(AUGMENTATIONS)) }, file, item.name.span),
    ];
  }
  const spec = AUGMENTATIONS[name];
  if (!spec) return item.argument ? [diagnostic("THTL2027", { name }, file, item.argument.span)] : [];
  if (!item.argument) return [diagnostic("THTL2026", { name, usage: spec.usage }, file, item.span)];
  if (!spec.accepts(item.argument.value)) {
    return [
      diagnostic("THTL2042", { setting: name, range: spec.range, value: item.argument.raw }, file, item.argument.span),
    ];
  }
  return [];
}
