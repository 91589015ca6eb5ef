import { didYouMean } from "../diagnostics/suggest.js";
import { diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Selector, Span } from "../language/ast.js";
import type { ModelLayout } from "./models.js";

/** Why a selector matched nothing usable: the diagnostic, once the model's name and the place are known. */
export type SelectorProblem = (model: string, file: string, span: Span) => Diagnostic;

/** What a selector matched in one model: whole `groups`, or for a glob the layer paths it matched. */
export interface SelectorMatch {
  groups: string[];
  layers: string[];
  problem?: SelectorProblem;
}

/** The selector as it is written in source: `layer2..layer4`, `last 2`, `"layer4.*"`. */
export function selectorText(selector: Selector): string {
  switch (selector.kind) {
    case "AllSelector":
      return "all";
    case "HeadSelector":
      return "head";
    case "GroupSelector":
      return selector.name.value;
    case "RangeSelector":
      return `${selector.from.value}..${selector.to.value}`;
    case "LastSelector":
      return `last ${selector.count.raw}`;
    case "GlobSelector":
      return JSON.stringify(selector.pattern.value);
  }
}

/** For messages: globs keep their double quotes, the rest get single ones. */
export function quotedSelector(selector: Selector): string {
  return selector.kind === "GlobSelector" ? selectorText(selector) : `'${selectorText(selector)}'`;
}

export function matchSelector(selector: Selector, layout: ModelLayout): SelectorMatch {
  // Read, never returned: every match gets arrays of its own.
  const names = layout.groups;
  const whole = (groups: string[]): SelectorMatch => ({ groups, layers: [] });
  const nothing = (problem: SelectorProblem): SelectorMatch => ({ groups: [], layers: [], problem });
  const unmatched = (hint: string) =>
    nothing((model, file, span) =>
      diagnostic("THTL2055", { selector: quotedSelector(selector), model, groups: names.join(", "), hint }, file, span),
    );
  const unknown = (name: string) => unmatched(didYouMean(name, names));
  switch (selector.kind) {
    case "AllSelector":
      return whole([...names]);
    case "HeadSelector":
      return whole(["head"]);
    case "GroupSelector":
      return names.includes(selector.name.value) ? whole([selector.name.value]) : unknown(selector.name.value);
    case "RangeSelector": {
      const from = names.indexOf(selector.from.value);
      const to = names.indexOf(selector.to.value);
      if (from < 0) return unknown(selector.from.value);
      if (to < 0) return unknown(selector.to.value);
      if (from > to) {
        const args = { selector: quotedSelector(selector), from: selector.from.value, to: selector.to.value };
        return nothing((model, file, span) => diagnostic("THTL2056", { ...args, model }, file, span));
      }
      return whole(names.slice(from, to + 1));
    }
    case "LastSelector": {
      const count = selector.count.value;
      if (!Number.isInteger(count) || count < 1) {
        return nothing((_model, file, span) =>
          diagnostic("THTL2041", { setting: "last", value: selector.count.raw }, file, span),
        );
      }
      const body = names.slice(0, -1);
      if (count > body.length) {
        const args = { selector: quotedSelector(selector), count: body.length, groups: body.join(", ") };
        return nothing((model, file, span) => diagnostic("THTL2057", { ...args, model }, file, span));
      }
      return whole(body.slice(body.length - count));
    }
    case "GlobSelector": {
      const pattern = cachedGlobPattern(selector.pattern.value);
      const layers = layout.layers().filter((path) => pattern.test(path));
      return layers.length > 0 ? { groups: [], layers } : unmatched("");
    }
  }
}

const globPatterns = new Map<string, RegExp>();

/** A schedule's globs are matched against every model that runs it: compile each once (no `g` flag, so no state). */
function cachedGlobPattern(glob: string): RegExp {
  let pattern = globPatterns.get(glob);
  if (!pattern) {
    if (globPatterns.size >= 256) globPatterns.clear();
    globPatterns.set(glob, (pattern = globPattern(glob)));
  }
  return pattern;
}

/** `*` matches within one dot-separated segment of a layer path, `**` across segments. */
export function globPattern(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith("**", i)) {
      source += ".*";
      i++;
    } else if (glob[i] === "*") {
      source += "[^.]*";
    } else {
      source += glob[i].replace(/[\\^$.|?+()[\]{}]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}$`);
}
