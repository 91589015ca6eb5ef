import { didYouMean } from "../diagnostics/suggest.js";
import type { Selector } from "../language/ast.js";
import type { ModelLayout } from "./models.js";

/** Why a selector matched nothing usable: a catalogue code and its arguments, except `model`. */
export interface SelectorProblem {
  code: string;
  args: Record<string, string | number>;
}

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
  const nothing = (code: string, args: Record<string, string | number>): SelectorMatch => ({ groups: [], layers: [], problem: { code, args } });
  const unknown = (name: string) =>
    nothing("THTL2055", { selector: quotedSelector(selector), groups: names.join(", "), hint: didYouMean(name, names) });
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
      if (from > to) return nothing("THTL2056", { selector: quotedSelector(selector), from: selector.from.value, to: selector.to.value });
      return whole(names.slice(from, to + 1));
    }
    case "LastSelector": {
      const count = selector.count.value;
      if (!Number.isInteger(count) || count < 1) return nothing("THTL2041", { setting: "last", value: selector.count.raw });
      const body = names.slice(0, -1);
      if (count > body.length) return nothing("THTL2057", { selector: quotedSelector(selector), count: body.length, groups: body.join(", ") });
      return whole(body.slice(body.length - count));
    }
    case "GlobSelector": {
      const pattern = cachedGlobPattern(selector.pattern.value);
      const layers = layout.layers().filter((path) => pattern.test(path));
      return layers.length > 0 ? { groups: [], layers } : nothing("THTL2055", { selector: quotedSelector(selector), groups: names.join(", "), hint: "" });
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
