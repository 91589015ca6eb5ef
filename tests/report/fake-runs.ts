import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The test metrics a fake run reports. */
export interface FakeTest {
  acc: number;
  macroF1?: number;
  auc?: number | null;
  recall?: number;
  precision?: number;
}

/** A temporary runs folder. */
export function runsDir(): string {
  return mkdtempSync(join(tmpdir(), "thtl-report-"));
}

/**
 * Writes the part of a run record `thtl report` reads: `plan.json` (this run) and `metrics.json`
 * with two stages (head, then layer4) on a two-class target `larynx`.
 */
export function writeRun(
  root: string,
  experiment: string,
  model: string,
  seed: number,
  test: FakeTest,
  options: { status?: string; split?: number } = {},
): string {
  const dir = join(root, experiment, model, `seed${seed}`);
  mkdirSync(dir, { recursive: true });
  const stages = [
    { name: "head", trainableParams: 1026 },
    { name: "layer4", trainableParams: 525826 },
  ];
  const hop = {
    domain: "larynx",
    data: { kind: "synth", synth: "larynx", count: 60 },
    classes: ["benign", "malignant"],
    split: { train: 70, val: 15, test: 15, seed: options.split ?? 7 },
    stages,
  };
  const run = { id: `${experiment}/${model}/seed${seed}`, experiment, model, seed, hops: [hop] };
  writeFileSync(join(dir, "plan.json"), JSON.stringify({ planVersion: 1, runs: [run] }));
  const epoch = (n: number) => ({
    epoch: n,
    lr: 0.001,
    loss: 1 / n,
    acc: 0.5,
    val: { loss: 1.2 / n, acc: 0.4 + 0.1 * n },
  });
  const metrics = {
    runId: run.id,
    status: options.status ?? "done",
    backend: "cpu",
    hops: [
      {
        domain: "larynx",
        classes: hop.classes,
        stages: stages.map((s, i) => ({ name: s.name, epochs: [epoch(2 * i + 1), epoch(2 * i + 2)] })),
      },
    ],
    test: {
      loss: 0.5,
      acc: test.acc,
      macroF1: test.macroF1 ?? test.acc,
      perClass: [],
      positive:
        test.recall === undefined
          ? null
          : { class: "malignant", recall: test.recall, precision: test.precision ?? test.recall },
      auc: test.auc === undefined ? test.acc : test.auc,
      confusion: [
        [4, 1],
        [2, 3],
      ],
    },
    error: null,
  };
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics));
  return dir;
}
