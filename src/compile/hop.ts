import { posix } from "node:path";
import { SYNTH_CLASSES } from "../data/synth/kinds.js";
import { pretrainedNormalization } from "../models/preprocessing.js";
import type { Variant } from "../models/types.js";
import type { AugmentItem, DomainDecl } from "../language/ast.js";
import type { PlanAugment, PlanData, PlanNormalization, PlanSplit } from "../plan/types.js";
import { first } from "../check/statements.js";
import type { Declared } from "../check/symbols.js";
import { planPath } from "./paths.js";

/** Without `split`: 80/20, as fastai's `valid_pct=0.2`; seed 1, the synth generator's default. */
export const DEFAULT_SPLIT: PlanSplit = { train: 80, val: 20, test: 0, seed: 1 };

export function planData(domain: Declared<DomainDecl>, rootDir: string): PlanData {
  const data = first(domain.decl.statements, "Data")!;
  if (data.source === "synth")
    return { kind: "synth", synth: data.synthKind.value as keyof typeof SYNTH_CLASSES, count: data.count.value };
  const path = planPath(data.path.value, domain.file, rootDir);
  if (data.source === "imagefolder") return { kind: "imagefolder", path };
  const root = data.root ? planPath(data.root.value, domain.file, rootDir) : posix.dirname(path);
  return { kind: "csv", path, root };
}

export function planSplit(decl: DomainDecl): PlanSplit {
  const split = first(decl.statements, "Split");
  if (!split) return DEFAULT_SPLIT;
  const [train, val, test = 0] = split.parts.map((part) => part.value);
  return { train: train!, val: val!, test, seed: split.seed?.value ?? DEFAULT_SPLIT.seed };
}

export function planAugment(decl: DomainDecl): PlanAugment[] {
  return (first(decl.statements, "Augment")?.items ?? []).map(augmentOf);
}

function augmentOf(item: AugmentItem): PlanAugment {
  const value = item.argument?.value ?? 0;
  switch (item.name.value) {
    case "rotate":
      return { kind: "rotate", degrees: value };
    case "crop":
      return { kind: "crop", fraction: value };
    case "jitter":
      return { kind: "jitter", amount: value };
    default:
      return { kind: item.name.value as "hflip" | "vflip" };
  }
}

/**
 * When the chain starts from pretrained weights, the preprocessing of their framework's build of
 * the architecture (`pretrainedNormalization`); pixels left in [0, 1] (mean 0, std 1) when it starts from
 * scratch. Grayscale images get the channels' averages. One normalisation per run, since the
 * weights flow across its hops.
 */
export function planNormalization(
  pretrained: boolean,
  channels: 1 | 3,
  arch: string,
  variant: Variant,
): PlanNormalization {
  if (!pretrained) return { mean: Array(channels).fill(0), std: Array(channels).fill(1), source: "none" };
  return pretrainedNormalization(arch, variant, channels);
}
