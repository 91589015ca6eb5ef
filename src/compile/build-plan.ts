import { dirname, join } from "node:path";
import type { CheckContext } from "../check/context.js";
import type { ExperimentInfo, Hop } from "../check/experiments.js";
import { resolveInput } from "../check/input.js";
import { layoutOf, type ResolvedModel } from "../check/models.js";
import { first } from "../check/statements.js";
import type { Variant } from "../models/types.js";
import type { ImageSize, Plan, PlanArchitecture, PlanHop, PlanInit, PlanRun } from "../plan/types.js";
import { VERSION } from "../version.js";
import { sha256 } from "../util/sha256.js";
import { canonicalJson } from "./hash.js";
import { planAugment, planData, planNormalization, planSplit } from "./hop.js";
import {
  overrideCount,
  overrideExperiments,
  overrideInput,
  overrideModel,
  unusedCounts,
  type Overrides,
} from "./overrides.js";
import { planPath, relativeTo } from "./paths.js";
import { planStage, stageTemplate, type StageContents, type StageTemplate } from "./stage.js";

/**
 * Turns a checked program (no errors) into its plan: every experiment of the file and its
 * imports, in declaration order, expanded to one run per model and seed.
 */
export function buildPlan(context: CheckContext, overrides?: Overrides): Plan {
  const rootDir = dirname(context.program.root.path);
  const files = [context.program.root, ...context.program.files.filter((file) => file !== context.program.root)];
  const contents: StageContents = new Map();
  const experiments = overrides ? overrideExperiments(context.experiments, overrides) : context.experiments;
  const plan: Plan = {
    planVersion: 1,
    compiler: VERSION,
    sources: files.map((file) => ({ path: relativeTo(rootDir, file.path), sha256: sha256(file.text) })),
    runs: experiments.flatMap((experiment) =>
      experiment.models.flatMap(({ model }) => {
        const template = runTemplate(
          context,
          experiment,
          overrideModel(model!, overrides),
          rootDir,
          contents,
          overrides,
        );
        return experiment.seeds.map((seed) =>
          overrides ? { ...planRun(template, seed), overrides: overrides.items } : planRun(template, seed),
        );
      }),
    ),
  };
  if (overrides) unusedCounts(overrides, plan);
  return plan;
}

/** What the runs of one experiment and model share: everything but the seed and the stage hashes that depend on it. */
interface RunTemplate {
  experiment: ExperimentInfo;
  model: ResolvedModel;
  init: PlanInit;
  input: ImageSize;
  architecture: PlanArchitecture;
  /** canonicalJson({ init, architecture, input }) without its closing brace, for the first stage's upstream. */
  startJson: string;
  hops: { hop: Omit<PlanHop, "stages">; hash: string; stages: StageTemplate[] }[];
}

function runTemplate(
  context: CheckContext,
  experiment: ExperimentInfo,
  model: ResolvedModel,
  rootDir: string,
  contents: StageContents,
  overrides?: Overrides,
): RunTemplate {
  const init = planInit(experiment, model, rootDir);
  const { height, width, channels } = resolveInput(experiment, model);
  const input = overrideInput({ height, width, channels }, model, overrides);
  const fromWeights = init.kind === "weights" ? context.host.weightsVariant(join(rootDir, init.path)) : undefined;
  const variant = model.archVariant ?? fromWeights ?? model.arch.variants[0]!;
  const architecture = {
    arch: model.arch.name,
    variant,
    width: model.width,
    dropout: model.dropout,
    groups: [...layoutOf(model).groups],
  };
  const run: RunContext = {
    context,
    model,
    variant,
    input,
    pretrained: init.kind === "weights",
    rootDir,
    contents,
    overrides,
  };
  let previousClasses = initClasses(experiment);
  const hops = experiment.hops.map((hop) => {
    const planned = hopTemplate(run, hop, previousClasses);
    previousClasses = planned.hop.classes;
    return planned;
  });
  // The weights domain's name is left out: names never change what a stage computes.
  const startJson = canonicalJson({
    init: init.kind === "weights" ? { kind: init.kind, path: init.path } : init,
    architecture,
    input,
  }).slice(0, -1);
  return { experiment, model, init, input, architecture, startJson, hops };
}

/** Each stage starts from the previous one's hash; the run's first from its init, model, input and seed. */
function planRun(template: RunTemplate, seed: number): PlanRun {
  const { experiment, model, architecture, init, input } = template;
  // "seed" sorts after "architecture", "init" and "input".
  let upstreamJson = `${template.startJson},"seed":${JSON.stringify(seed)}}`;
  const hops = template.hops.map(({ hop, hash, stages }): PlanHop => {
    const { domain, data, classes, positive, head, split, augment, normalization } = hop;
    const planned = stages.map((stage) => {
      const result = planStage(stage, hash, upstreamJson);
      upstreamJson = JSON.stringify(result.hash);
      return result;
    });
    return { domain, data, classes, positive, head, split, augment, normalization, stages: planned };
  });
  const run: PlanRun = {
    id: `${experiment.name}/${model.name}/seed${seed}`,
    experiment: experiment.name,
    model: model.name,
    architecture,
    seed,
    init,
    input,
    hops,
  };
  return experiment.cam === undefined ? run : { ...run, cam: experiment.cam };
}

interface RunContext {
  context: CheckContext;
  model: ResolvedModel;
  variant: Variant;
  input: ImageSize;
  pretrained: boolean;
  rootDir: string;
  contents: StageContents;
  overrides: Overrides | undefined;
}

/** A hop keeps the classifier when the classes before it (previous hop, or pretrained) are the same. */
function hopTemplate(
  run: RunContext,
  hop: Hop,
  previousClasses: readonly string[] | undefined,
): RunTemplate["hops"][number] {
  const { context, model, input } = run;
  const domain = hop.domain!;
  const resolved = context.classesOf(domain);
  const classes = resolved && "classes" in resolved ? resolved.classes : [];
  // Keys in sorted order, so that `canonicalJson` has nothing to sort.
  const content = {
    augment: planAugment(domain.decl),
    classes,
    data: overrideCount(planData(domain, run.rootDir), domain.decl.name.value, run.overrides),
    head: previousClasses !== undefined && sameList(previousClasses, classes) ? ("kept" as const) : ("new" as const),
    normalization: planNormalization(run.pretrained, input.channels, model.arch.name, run.variant),
    split: planSplit(domain.decl),
  };
  const summary = model.arch.describe({
    width: model.width,
    input,
    classes: classes.length,
    dropout: model.dropout,
    variant: run.variant,
  });
  const layout = layoutOf(model);
  const stages = context
    .trace(hop.schedule!, model)
    .map((trace) => stageTemplate(trace, layout, summary, content.augment, run.contents, run.overrides));
  const positive = first(domain.decl.statements, "Positive")?.name.value ?? null;
  const { data, head, split, augment, normalization } = content;
  return {
    hop: { domain: domain.decl.name.value, data, classes, positive, head, split, augment, normalization },
    hash: sha256(canonicalJson(content)),
    stages,
  };
}

function planInit(experiment: ExperimentInfo, model: ResolvedModel, rootDir: string): PlanInit {
  const start = experiment.start;
  if (!start || start === "scratch") return { kind: "scratch" };
  const weights = first(start.decl.statements, "Weights")!;
  const path = planPath(weights.path.value.replaceAll("{model}", model.name), start.file, rootDir);
  return { kind: "weights", domain: start.decl.name.value, path };
}

/** The pretrained classifier's classes, when the weights domain lists them (spec section 5). */
function initClasses(experiment: ExperimentInfo): string[] | undefined {
  const start = experiment.start;
  if (!start || start === "scratch") return undefined;
  return first(start.decl.statements, "Classes")?.names.map((name) => name.value);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
