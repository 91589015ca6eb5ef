import { CompletionItemKind, type CompletionItem } from "vscode-languageserver";
import type { CheckContext } from "../check/index.js";
import { domainKind } from "../check/domains.js";
import type { ExperimentInfo } from "../check/experiments.js";
import type { ResolvedModel } from "../check/models.js";
import { AUGMENTATIONS } from "../check/rules/known-augmentations.js";
import { METRICS } from "../check/rules/known-metrics.js";
import { OPTIMIZERS } from "../check/rules/known-optimizers.js";
import { SYNTH_CLASSES } from "../data/synth/kinds.js";
import { ARCHITECTURE_NAMES, getArchitecture } from "../models/catalogue.js";
import { count, summaryFor } from "./model-sizes.js";

const item = (label: string, kind: CompletionItemKind, detail?: string): CompletionItem => ({
  label,
  kind,
  ...(detail && { detail }),
});
const words = (labels: Iterable<string>, kind: CompletionItemKind, detail: string) =>
  [...labels].map((label) => item(label, kind, detail));

export const synthKinds = () => words(Object.keys(SYNTH_CLASSES), CompletionItemKind.EnumMember, "synth kind");
export const optimizers = () => words(OPTIMIZERS, CompletionItemKind.EnumMember, "optimizer");
export const metrics = () => words(METRICS, CompletionItemKind.EnumMember, "metric");
export const augmentations = () => words(Object.keys(AUGMENTATIONS), CompletionItemKind.EnumMember, "augmentation");

export function architectures(): CompletionItem[] {
  return ARCHITECTURE_NAMES.map((name) => item(name, CompletionItemKind.Class, getArchitecture(name)!.description));
}

/** After `models`: declared variants, then the built-in architectures. */
export function modelNames(context: CheckContext | undefined): CompletionItem[] {
  const variants = [...(context?.symbols.models.keys() ?? [])].map((name) =>
    item(name, CompletionItemKind.Class, "model variant"),
  );
  return [...variants, ...architectures()];
}

/** In a chain: data domains after `->`; `scratch` and weights domains to start from. */
export function domainNames(context: CheckContext | undefined, start: boolean): CompletionItem[] {
  const domains = [...(context?.symbols.domains.values() ?? [])].filter(
    (d) => (domainKind(d.decl) === "weights") === start,
  );
  const names = domains.map((d) =>
    item(d.decl.name.value, CompletionItemKind.Module, start ? "weights domain" : "data domain"),
  );
  return start ? [item("scratch", CompletionItemKind.Keyword, "start from random weights"), ...names] : names;
}

export function scheduleNames(context: CheckContext | undefined): CompletionItem[] {
  return [...(context?.symbols.schedules.keys() ?? [])].map((name) =>
    item(name, CompletionItemKind.Function, "schedule"),
  );
}

/** After `positive`: the classes of the domain being written. */
export function classNames(context: CheckContext | undefined, domain: string | undefined): CompletionItem[] {
  const declared = domain === undefined ? undefined : context?.symbols.domains.get(domain);
  const classes = declared && context!.classesOf(declared);
  return classes && "classes" in classes
    ? words(classes.classes, CompletionItemKind.EnumMember, `class of ${domain}`)
    : [];
}

/**
 * Selector names: the groups of the models that run the schedule being written (all experiments'
 * models when none runs it yet), each with its parameter count per model, then `all` and `head`.
 */
export function groupNames(
  context: CheckContext | undefined,
  owner: { keyword: string; name: string } | undefined,
): CompletionItem[] {
  const models = context ? modelsRunning(context, owner) : [];
  const groups = new Map<string, string[]>();
  for (const { experiment, model } of models) {
    const summary = summaryFor(context!, experiment, model);
    for (const group of summary?.groups ?? model.arch.groups.map((name) => ({ name, params: undefined }))) {
      if (group.name === "head") continue;
      const sizes = groups.get(group.name) ?? [];
      const entry = group.params === undefined ? model.name : `${model.name} ${count(group.params)}`;
      if (!sizes.includes(entry)) sizes.push(entry);
      groups.set(group.name, sizes);
    }
  }
  const items = [...groups].map(([name, sizes]) => item(name, CompletionItemKind.Field, `params: ${sizes.join(", ")}`));
  return [
    ...items,
    item("all", CompletionItemKind.Keyword, "every group"),
    item("head", CompletionItemKind.Keyword, "the classifier"),
  ];
}

function modelsRunning(
  context: CheckContext,
  owner: { keyword: string; name: string } | undefined,
): { experiment: ExperimentInfo; model: ResolvedModel }[] {
  const all = (experiments: ExperimentInfo[]) =>
    experiments.flatMap((experiment) =>
      experiment.models.flatMap(({ model }) => (model ? [{ experiment, model }] : [])),
    );
  if (owner?.keyword === "experiment") return all(context.experiments.filter((e) => e.name === owner.name));
  const schedule = owner?.keyword === "schedule" ? context.symbols.schedules.get(owner.name)?.decl : undefined;
  const running = context.experiments.filter((e) => e.hops.some((hop) => schedule && hop.schedule?.node === schedule));
  return all(running.length > 0 ? running : context.experiments);
}
