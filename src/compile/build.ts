import { dirname } from "node:path";
import type { CheckContext } from "../check/context.js";
import type { ExperimentInfo, Hop } from "../check/experiments.js";
import { resolveInput } from "../check/input.js";
import { layoutOf, type ResolvedModel } from "../check/models.js";
import { first } from "../check/statements.js";
import type { ImageSize, Plan, PlanHop, PlanInit, PlanRun } from "../plan/types.js";
import { VERSION } from "../version.js";
import { canonicalJson, sha256 } from "./hash.js";
import { planAugment, planData, planNormalization, planSplit } from "./hop.js";
import { planPath, relativeTo } from "./paths.js";
import { planStage } from "./stage.js";

/**
 * Turns a checked program (no errors) into its plan: every experiment of the file and its
 * imports, in declaration order, expanded to one run per model and seed.
 */
export function buildPlan(context: CheckContext): Plan {
  const rootDir = dirname(context.program.root.path);
  const files = [context.program.root, ...context.program.files.filter((file) => file !== context.program.root)];
  return {
    planVersion: 1,
    compiler: VERSION,
    sources: files.map((file) => ({ path: relativeTo(rootDir, file.path), sha256: sha256(file.text) })),
    runs: context.experiments.flatMap((experiment) =>
      experiment.models.flatMap(({ model }) => experiment.seeds.map((seed) => planRun(context, experiment, model!, seed, rootDir))),
    ),
  };
}

function planRun(context: CheckContext, experiment: ExperimentInfo, model: ResolvedModel, seed: number, rootDir: string): PlanRun {
  const init = planInit(experiment, model, rootDir);
  const { height, width, channels } = resolveInput(experiment, model);
  const input = { height, width, channels };
  const architecture = { arch: model.arch.name, width: model.width, dropout: model.dropout, groups: [...layoutOf(model).groups] };
  const run: RunContext = { context, model, input, pretrained: init.kind === "weights", rootDir };
  let upstream: unknown = { init, architecture, seed, input };
  let previousClasses = initClasses(experiment);
  const hops = experiment.hops.map((hop) => {
    const planned = planHop(run, hop, previousClasses, upstream);
    previousClasses = planned.classes;
    upstream = planned.stages[planned.stages.length - 1]!.hash;
    return planned;
  });
  return { id: `${experiment.name}/${model.name}/seed${seed}`, experiment: experiment.name, model: model.name, architecture, seed, init, input, hops };
}

interface RunContext {
  context: CheckContext;
  model: ResolvedModel;
  input: ImageSize;
  pretrained: boolean;
  rootDir: string;
}

/** A hop keeps the classifier when the classes before it (previous hop, or pretrained) are the same. */
function planHop(run: RunContext, hop: Hop, previousClasses: readonly string[] | undefined, upstream: unknown): PlanHop {
  const { context, model, input } = run;
  const domain = hop.domain!;
  const resolved = context.classesOf(domain);
  const classes = resolved && "classes" in resolved ? resolved.classes : [];
  const content = {
    data: planData(domain, run.rootDir),
    classes,
    head: previousClasses !== undefined && sameList(previousClasses, classes) ? ("kept" as const) : ("new" as const),
    split: planSplit(domain.decl),
    augment: planAugment(domain.decl),
    normalization: planNormalization(run.pretrained, input.channels),
  };
  const summary = model.arch.describe({ width: model.width, input, classes: classes.length, dropout: model.dropout });
  const hopHash = sha256(canonicalJson(content));
  const stages = context.trace(hop.schedule!, model).map((trace) => {
    const stage = planStage(trace, layoutOf(model), summary, content.augment, upstream, hopHash);
    upstream = stage.hash;
    return stage;
  });
  const positive = first(domain.decl.statements, "Positive")?.name.value ?? null;
  const { data, head, split, augment, normalization } = content;
  return { domain: domain.decl.name.value, data, classes, positive, head, split, augment, normalization, stages };
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
