import { explainRun, trainableText } from "../compile/explain.js";
import type { Plan, PlanRun, PlanStage } from "../plan/types.js";
import type { StageView } from "./state.js";

/**
 * The plan as the dry-run screen shows it: runs that differ only in their seed fold into one
 * block (their stages are the same), every stage pending.
 */
export interface DryRunBlock {
  title: string;
  chain: string[];
  hops: { title: string; stages: StageView[] }[];
  /** `thtl explain`'s groups-by-stages grid of the block's first run, with its legend. */
  grid: string[];
}

export function dryRunBlocks(plan: Plan): DryRunBlock[] {
  const blocks: { key: string; seeds: number[]; run: PlanRun }[] = [];
  for (const run of plan.runs) {
    const key = `${run.experiment}/${run.model}\n${signature(run)}`;
    const block = blocks.find((b) => b.key === key);
    if (block) block.seeds.push(run.seed);
    else blocks.push({ key, seeds: [run.seed], run });
  }
  return blocks.map(({ seeds, run }) => ({
    title: seeds.length === 1 ? run.id : `${run.experiment}/${run.model} · seeds ${seeds.join(", ")}`,
    chain: [run.init.kind === "scratch" ? "scratch" : run.init.domain, ...run.hops.map((h) => h.domain)],
    hops: run.hops.map((hop, i) => {
      const split = [hop.split.train, hop.split.val, hop.split.test].filter((p) => p > 0).join("/");
      const size = `${run.input.height}x${run.input.width}`;
      return {
        title: `${hop.domain} · hop ${i + 1}/${run.hops.length} · ${hop.classes.length} classes · head ${hop.head} · split ${split} · ${size}`,
        stages: hop.stages.map((stage) => pendingStage(stage, run.architecture.groups)),
      };
    }),
    grid: explainGrid(run),
  }));
}

/** The explain view ends with the grid: the lines after its last blank line. */
function explainGrid(run: PlanRun): string[] {
  const lines = explainRun(run, { unicode: true });
  return lines.slice(lines.lastIndexOf("") + 1);
}

/** What decides whether two runs show the same stages: everything but seeds and hashes. */
function signature(run: PlanRun): string {
  return JSON.stringify(
    run.hops.map((h) => [h.domain, h.classes, h.head, h.stages.map(({ hash: _hash, ...rest }) => rest)]),
  );
}

function pendingStage(stage: PlanStage, groups: string[]): StageView {
  return {
    name: stage.name,
    trainable: [trainableText(stage, groups)],
    trainableParams: stage.trainableParams,
    totalParams: stage.totalParams,
    epochs: stage.epochs,
    lr: stage.lr,
    batch: stage.batch,
    status: "pending",
    best: null,
    epochsRun: 0,
    stoppedEarly: false,
    durationMs: null,
  };
}
