import { diagnostic } from "../../diagnostics/catalogue.js";
import { didYouMeanOrList } from "../../diagnostics/suggest.js";
import { SYNTH_CLASSES, isSynthKind } from "../../data/synth/kinds.js";
import type { Rule } from "../context.js";
import { first } from "../statements.js";

/** `data synth KIND N` names a known kind, and a `classes` list beside it names as many classes as the kind generates. */
export const synthKindsRule: Rule = (context) =>
  context.declarations().flatMap(({ decl, file }) => {
    if (decl.kind !== "Domain") return [];
    const data = first(decl.statements, "Data");
    if (data?.source !== "synth") return [];
    const kind = data.synthKind.value;
    if (!isSynthKind(kind))
      return [
        diagnostic(
          "THTL2028",
          { name: kind, hint: didYouMeanOrList(kind, Object.keys(SYNTH_CLASSES)) },
          file,
          data.synthKind.span,
        ),
      ];
    const classes = first(decl.statements, "Classes");
    const expected = SYNTH_CLASSES[kind];
    if (!classes || classes.names.length === expected.length) return [];
    const args = {
      domain: decl.name.value,
      count: classes.names.length,
      kind,
      expected: expected.length,
      classes: expected.join(", "),
    };
    return [diagnostic("THTL2032", args, file, classes.span)];
  });
