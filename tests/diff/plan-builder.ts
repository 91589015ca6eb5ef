import { createHash } from "node:crypto";
import type { Plan, PlanHop, PlanRun, PlanStage } from "../../src/plan/types.js";

/**
 * Hand-written plans for testing the differ without the compiler: a compact description expanded
 * into a full `Plan`, with stage hashes chained as the compiler chains them (the stage's content
 * without its name, the upstream hash, the hop's data, the model and the seed).
 */
export interface StageSpec {
  name: string;
  trainable: string[];
  epochs?: number;
  lr?: number;
  groupLr?: Record<string, number>;
  optimizer?: PlanStage["optimizer"];
  lrDecay?: PlanStage["lrDecay"];
}

export interface HopSpec {
  domain: string;
  path?: string;
  classes?: string[];
  augment?: PlanHop["augment"];
  stages: StageSpec[];
}

export interface ExperimentSpec {
  name: string;
  models: string[];
  seeds?: number[];
  init?: "imagenet" | "scratch";
  chain: HopSpec[];
}

const GROUPS = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];

export function buildPlan(experiments: ExperimentSpec[]): Plan {
  const runs = experiments.flatMap((e) =>
    e.models.flatMap((model) => (e.seeds ?? [1]).map((seed) => buildRun(e, model, seed))),
  );
  return { planVersion: 1, compiler: "test", sources: [], runs };
}

function buildRun(experiment: ExperimentSpec, model: string, seed: number): PlanRun {
  const init: PlanRun["init"] =
    experiment.init === "scratch"
      ? { kind: "scratch" }
      : { kind: "weights", domain: "imagenet", path: `weights/${model}-imagenet` };
  let upstream = sha256(JSON.stringify({ init, model, seed }));
  let previousClasses: string[] | undefined;
  const hops = experiment.chain.map((spec): PlanHop => {
    const classes = spec.classes ?? ["benign", "malignant"];
    const hop: PlanHop = {
      domain: spec.domain,
      data: { kind: "imagefolder", path: spec.path ?? `data/${spec.domain}` },
      classes,
      positive: null,
      head: JSON.stringify(previousClasses) === JSON.stringify(classes) ? "kept" : "new",
      split: { train: 80, val: 20, test: 0, seed: 7 },
      augment: spec.augment ?? [],
      normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], source: "imagenet" },
      stages: [],
    };
    previousClasses = classes;
    const { stages: _, ...hopContent } = hop;
    hop.stages = spec.stages.map((stageSpec) => {
      const stage = buildStage(stageSpec);
      const { name: __, hash: ___, ...content } = stage;
      stage.hash = sha256(JSON.stringify({ content, upstream, hopContent }));
      upstream = stage.hash;
      return stage;
    });
    return hop;
  });
  return {
    id: `${experiment.name}/${model}/seed${seed}`,
    experiment: experiment.name,
    model,
    architecture: { arch: model, variant: "torchvision", width: 1, dropout: 0, groups: GROUPS },
    seed,
    init,
    input: { height: 64, width: 64, channels: 3 },
    hops,
  };
}

function buildStage(spec: StageSpec): PlanStage {
  const trainable = GROUPS.filter((g) => spec.trainable.includes(g));
  return {
    name: spec.name,
    trainable,
    frozen: GROUPS.filter((g) => !trainable.includes(g)),
    partial: [],
    trainableParams: trainable.length * 100_000,
    totalParams: GROUPS.length * 100_000,
    epochs: spec.epochs ?? 5,
    batch: 32,
    optimizer: spec.optimizer ?? { name: "adam" },
    lr: spec.lr ?? 1e-4,
    lrDecay: spec.lrDecay ?? { kind: "constant" },
    groupLr: Object.entries(spec.groupLr ?? {}).map(([selector, lr]) => ({
      selector,
      groups: [selector],
      layers: [],
      lr,
    })),
    weightDecay: 0,
    batchnorm: "train",
    earlyStop: null,
    keep: "last",
    frozenPrefix: { groups: [], cacheable: false, reason: "every group trains" },
    hash: "",
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
