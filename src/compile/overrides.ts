import type { ExperimentInfo } from "../check/experiments.js";
import type { ResolvedModel } from "../check/models.js";
import type { ImageSize, Plan, PlanData } from "../plan/types.js";

/**
 * Compile-time overrides (`thtl compile/run --set KEY=VALUE`): one study at another scale without
 * a copy of its files. Each applies to the whole plan; the plan's runs record them (`overrides`),
 * so `thtl diff` shows the scale a plan was compiled at.
 */
export interface Overrides {
  /** The `KEY=VALUE` items as given, in order, for the plan. */
  items: string[];
  image?: { height: number; width: number };
  epochs?: number;
  batch?: number;
  width?: number;
  seeds?: number[];
  models?: string[];
  /** Image counts of synth domains, by domain name. */
  counts: Map<string, number>;
}

/** A `--set` item that cannot apply; the CLI reports it as a usage error. */
export class OverrideError extends Error {}

const OVERRIDE_KEYS = [
  "image=HxW",
  "epochs=N",
  "batch=N",
  "width=X",
  "seeds=N,N,...",
  "models=NAME,...",
  "DOMAIN.count=N",
];

const wholeNumber = (text: string) => (/^[1-9]\d*$/.test(text) ? Number(text) : null);

/** Parses `KEY=VALUE` items; a later item for the same key wins. */
export function parseOverrides(items: readonly string[]): Overrides {
  const overrides: Overrides = { items: [...items], counts: new Map() };
  for (const item of items) {
    const eq = item.indexOf("=");
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const bad = (what: string) => new OverrideError(`--set ${item}: ${key} takes ${what}`);
    if (eq < 1)
      throw new OverrideError(`--set takes KEY=VALUE, got '${item}'; the keys are ${OVERRIDE_KEYS.join(", ")}`);
    if (key === "image") {
      const match = /^([1-9]\d*)x([1-9]\d*)$/.exec(value);
      if (!match) throw bad("a size HxW, such as 32x32");
      overrides.image = { height: Number(match[1]), width: Number(match[2]) };
    } else if (key === "epochs" || key === "batch") {
      overrides[key] = wholeNumber(value) ?? throwError(bad("a whole number of at least 1"));
    } else if (key === "width") {
      const width = Number(value);
      if (!(width > 0 && width <= 4) || value.trim() === "")
        throw bad("a channel multiplier above 0 and at most 4, such as 0.25");
      overrides.width = width;
    } else if (key === "seeds") {
      const seeds = value.split(",").map(wholeNumber);
      if (seeds.some((s) => s === null)) throw bad("whole numbers separated by commas, such as 1,2,3");
      overrides.seeds = [...new Set(seeds as number[])];
    } else if (key === "models") {
      const models = value.split(",");
      if (models.some((m) => !/^[A-Za-z_]\w*$/.test(m)))
        throw bad("model names separated by commas, such as resnet18,resnet50");
      overrides.models = models;
    } else if (key.endsWith(".count") && /^[A-Za-z_]\w*$/.test(key.slice(0, -6))) {
      overrides.counts.set(key.slice(0, -6), wholeNumber(value) ?? throwError(bad("a whole number of images")));
    } else {
      throw new OverrideError(`--set ${item}: unknown key '${key}'; the keys are ${OVERRIDE_KEYS.join(", ")}`);
    }
  }
  return overrides;
}

function throwError(error: Error): never {
  throw error;
}

/** The experiments with `models` and `seeds` applied; experiments left without a model are dropped. */
export function overrideExperiments(experiments: readonly ExperimentInfo[], overrides: Overrides): ExperimentInfo[] {
  const { models, seeds } = overrides;
  if (models) {
    const known = new Set(experiments.flatMap((e) => e.models.map((m) => m.name.value)));
    const unknown = models.filter((m) => !known.has(m));
    if (unknown.length > 0)
      throw new OverrideError(
        `--set models: no experiment runs ${unknown.map((m) => `'${m}'`).join(", ")}; the models are ${[...known].join(", ")}`,
      );
  }
  return experiments
    .map((e) => ({
      ...e,
      models: models ? e.models.filter((m) => models.includes(m.name.value)) : e.models,
      seeds: seeds ?? e.seeds,
    }))
    .filter((e) => e.models.length > 0);
}

/** The model at the overridden width (the same object when there is no override). */
export function overrideModel(model: ResolvedModel, overrides: Overrides | undefined): ResolvedModel {
  return overrides?.width === undefined ? model : { ...model, width: overrides.width };
}

/** The run's input at the overridden size, checked against the architecture's minimum. */
export function overrideInput(input: ImageSize, model: ResolvedModel, overrides: Overrides | undefined): ImageSize {
  const image = overrides?.image;
  if (!image) return input;
  const min = model.arch.minInput;
  if (image.height < min.height || image.width < min.width) {
    throw new OverrideError(
      `--set image=${image.height}x${image.width}: ${model.arch.name} (model '${model.name}') needs at least ${min.height}x${min.width}`,
    );
  }
  return { ...input, height: image.height, width: image.width };
}

/** A synth domain's data with its overridden image count; a count for another kind of data is an error. */
export function overrideCount(data: PlanData, domain: string, overrides: Overrides | undefined): PlanData {
  const count = overrides?.counts.get(domain);
  if (count === undefined) return data;
  if (data.kind !== "synth")
    throw new OverrideError(
      `--set ${domain}.count: domain '${domain}' reads ${data.kind} data; only synth domains have a count`,
    );
  return { ...data, count };
}

/** `DOMAIN.count` for a domain no run of the plan uses is a mistake (a misspelt name, most likely). */
export function unusedCounts(overrides: Overrides, plan: Plan): void {
  const domains = new Set(plan.runs.flatMap((run) => run.hops.map((hop) => hop.domain)));
  const unused = [...overrides.counts.keys()].filter((domain) => !domains.has(domain));
  if (unused.length > 0)
    throw new OverrideError(
      `--set ${unused[0]}.count: no run uses a domain '${unused[0]}'; the data domains are ${[...domains].join(", ")}`,
    );
}
