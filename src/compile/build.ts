import { dirname } from "node:path";
import type { CheckContext } from "../check/context.js";
import type { ExperimentInfo } from "../check/experiments.js";
import { resolveInput, type ResolvedInput } from "../check/input.js";
import { layoutOf, type ResolvedModel } from "../check/models.js";
import { first } from "../check/statements.js";
import type { Plan, PlanHop, PlanInit, PlanRun } from "../plan/types.js";
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
  const input = resolveInput(experiment, model);
  const { height, width, channels } = input;
  const architecture = { arch: model.arch.name, width: model.width, dropout: model.dropout, groups: [...layoutOf(model).groups] };
  let upstream: unknown = { init, architecture, seed, input: { height, width, channels } };
  let previousClasses = initClasses(experiment);
  const hops = experiment.hops.map((hop): PlanHop => {
    const domain = hop.domain!;
    const resolved = context.classesOf(domain);
    const classes = resolved && "classes" in resolved ? resolved.classes : [];
    const head = previousClasses !== undefined && sameList(previousClasses, classes) ? "kept" : "new";
    previousClasses = classes;
    const augment = planAugment(domain.decl);
    const hopContent = {
      data: planData(domain, rootDir),
      classes,
      head,
      split: planSplit(domain.decl),
      augment,
      normalization: planNormalization(init.kind === "weights", channels),
    } as const;
    const summary = model.arch.describe({ width: model.width, input: { height, width, channels }, classes: classes.length, dropout: model.dropout });
    const hopHash = sha256(canonicalJson(hopContent));
    const stages = context.trace(hop.schedule!, model).map((trace) => {
      const stage = planStage(trace, layoutOf(model), summary, augment, upstream, hopHash);
      upstream = stage.hash;
      return stage;
    });
    const positive = first(domain.decl.statements, "Positive")?.name.value ?? null;
    const { data, split, normalization } = hopContent;
    return { domain: domain.decl.name.value, data, classes, positive, head, split, augment, normalization, stages };
  });
  return { id: `${experiment.name}/${model.name}/seed${seed}`, experiment: experiment.name, model: model.name, architecture, seed, init, input: stripOrigin(input), hops };
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

function stripOrigin({ height, width, channels }: ResolvedInput) {
  return { height, width, channels };
}
