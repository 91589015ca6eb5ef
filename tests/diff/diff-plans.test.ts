import { describe, expect, test } from "vitest";
import { diffPlans } from "../../src/diff/diff-plans.js";
import { layoutDiff } from "../../src/diff/diff-lines.js";
import { renderText } from "../../src/diff/render-text.js";
import type { Plan } from "../../src/plan/types.js";
import { buildPlan, type ExperimentSpec, type StageSpec } from "./plan-builder.js";

const ALL = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];
const SWFT: StageSpec[] = [
  { name: "head", trainable: ["head"], lr: 1e-3 },
  { name: "layer4", trainable: ["head", "layer4"] },
  { name: "layer3", trainable: ["head", "layer4", "layer3"] },
];

function experiment(
  changes: {
    models?: string[];
    fundusPath?: string;
    fundusClasses?: string[];
    larynx?: StageSpec[];
    withFundus?: boolean;
  } = {},
): ExperimentSpec {
  const fundus = {
    domain: "fundus",
    path: changes.fundusPath,
    classes: changes.fundusClasses ?? ["a", "b", "c"],
    stages: [{ name: "all", trainable: ALL, epochs: 20 }],
  };
  const larynx = { domain: "larynx", stages: changes.larynx ?? SWFT };
  return {
    name: "swft",
    models: changes.models ?? ["resnet18"],
    seeds: [1],
    chain: changes.withFundus === false ? [larynx] : [fundus, larynx],
  };
}

function text(oldPlan: Plan, newPlan: Plan, all = false): string {
  return renderText(layoutDiff(diffPlans(oldPlan, newPlan, { old: "a", new: "b" }), { all }), { color: false });
}

const base = buildPlan([experiment()]);

describe("diffPlans", () => {
  test("equal plans report no changes, and every stage reusable", () => {
    const diff = diffPlans(base, buildPlan([experiment()]), { old: "a", new: "b" });
    expect(diff.equal).toBe(true);
    expect(diff.summary).toEqual({
      runsAdded: 0,
      runsChanged: 0,
      runsRemoved: 0,
      runsUnchanged: 1,
      stagesToRerun: 0,
      stagesReusable: 4,
    });
    expect(text(base, buildPlan([experiment()]))).toBe("No changes.\n");
  });

  test("a learning rate change re-runs the stage and everything after it", () => {
    const changed = buildPlan([experiment({ larynx: [{ ...SWFT[0]!, lr: 5e-4 }, SWFT[1]!, SWFT[2]!] })]);
    expect(text(base, changed)).toBe(
      [
        "~ run swft/resnet18/seed1",
        "      hop fundus # 1 stage reusable",
        "    ~ hop larynx",
        "        ~ stage head # must re-run",
        "            ~ lr 1e-3 -> 5e-4",
        "              (11 unchanged settings hidden)",
        "        ~ stage layer4 # forces re-run: larynx/head changed",
        "        ~ stage layer3 # forces re-run: larynx/head changed",
        "",
        "Plan: 0 runs added, 1 changed, 0 removed; 3 stages to re-run, 1 reusable.",
        "",
      ].join("\n"),
    );
  });

  test("a trainable set change reads as a set change, and selector learning rates as settings", () => {
    const changed = buildPlan([
      experiment({
        larynx: [SWFT[0]!, { name: "layer4", trainable: ["head", "layer3"], groupLr: { layer3: 1e-5 } }, SWFT[2]!],
      }),
    ]);
    const diff = diffPlans(base, changed, { old: "a", new: "b" });
    const stage = diff.runs[0]!.hops[1]!.stages[1]!;
    expect(stage.settings.filter((s) => s.change !== "unchanged")).toEqual([
      {
        key: "trainable",
        change: "changed",
        old: ["layer4", "head"],
        new: ["layer3", "head"],
        added: ["layer3"],
        removed: ["layer4"],
      },
      { key: "lr layer3", change: "added", new: "1e-5" },
    ]);
    expect(text(base, changed)).toContain("            ~ trainable +layer3 -layer4\n            + lr layer3 1e-5\n");
  });

  test("a renamed stage with the same content is a rename, and stays reusable", () => {
    const renamed = buildPlan([experiment({ larynx: [{ ...SWFT[0]!, name: "top" }, SWFT[1]!, SWFT[2]!] })]);
    const diff = diffPlans(base, renamed, { old: "a", new: "b" });
    expect(diff.runs[0]!.hops[1]!.stages[0]).toMatchObject({
      name: "top",
      change: "changed",
      renamedFrom: "head",
      verdict: { kind: "reusable" },
    });
    expect(diff.summary.stagesToRerun).toBe(0);
    expect(text(base, renamed)).toContain("        ~ stage top # renamed from head; reusable\n");
  });

  test("in a swap, the stage brought forward moved, and the one after it re-runs because of that", () => {
    const swapped = buildPlan([experiment({ larynx: [SWFT[0]!, SWFT[2]!, SWFT[1]!] })]);
    expect(text(base, swapped)).toContain(
      [
        "          stage head # reusable",
        "        ~ stage layer3 # moved 3 -> 2; must re-run",
        "        ~ stage layer4 # forces re-run: larynx/layer3 moved",
      ].join("\n"),
    );
  });

  test("a data path change re-runs every stage downstream, naming the data as the cause", () => {
    const moved = buildPlan([experiment({ fundusPath: "data/fundus-v2" })]);
    expect(text(base, moved)).toBe(
      [
        "~ run swft/resnet18/seed1",
        "    ~ hop fundus",
        '        ~ data imagefolder "data/fundus" -> imagefolder "data/fundus-v2"',
        "          (6 unchanged settings hidden)",
        "        ~ stage all # forces re-run: fundus data changed",
        "    ~ hop larynx",
        "        ~ stage head # forces re-run: fundus data changed",
        "        ~ stage layer4 # forces re-run: fundus data changed",
        "        ~ stage layer3 # forces re-run: fundus data changed",
        "",
        "Plan: 0 runs added, 1 changed, 0 removed; 4 stages to re-run, 0 reusable.",
        "",
      ].join("\n"),
    );
  });

  test("classes and the classifier action read as hop settings", () => {
    const same = buildPlan([experiment({ fundusClasses: ["benign", "malignant"] })]);
    const output = text(base, same);
    expect(output).toContain("    ~ hop fundus\n        ~ classes [a, b, c] -> [benign, malignant]\n");
    expect(output).toContain(
      "    ~ hop larynx\n        ~ classifier new -> kept\n          (6 unchanged settings hidden)\n",
    );
    expect(output).toContain("        ~ stage head # forces re-run: fundus classes changed\n");
  });

  test("optimizer, decay and augmentation read as they are written", () => {
    const tuned = buildPlan([
      {
        ...experiment(),
        chain: [
          {
            domain: "fundus",
            classes: ["a", "b", "c"],
            augment: [{ kind: "hflip" }, { kind: "rotate", degrees: 15 }],
            stages: [{ name: "all", trainable: ALL, epochs: 20 }],
          },
          {
            domain: "larynx",
            stages: [
              {
                ...SWFT[0]!,
                optimizer: { name: "sgd", momentum: 0.9 },
                lrDecay: { kind: "step", every: 2, factor: 0.5 },
              },
              SWFT[1]!,
              SWFT[2]!,
            ],
          },
        ],
      },
    ]);
    const output = text(base, tuned);
    expect(output).toContain("        ~ augment [] -> [hflip, rotate 15]\n");
    expect(output).toContain(
      "            ~ optimizer adam -> sgd momentum 0.9\n            ~ lr decay constant -> step 2 0.5\n",
    );
    expect(output).toContain("        ~ stage all # forces re-run: fundus augment changed\n");
  });

  test("seeds added to the matrix add runs", () => {
    const moreSeeds = buildPlan([{ ...experiment(), seeds: [1, 2] }]);
    expect(text(base, moreSeeds)).toMatch(
      /^~ experiment swft\n {4}~ seeds \+2\n {6}\(1 unchanged setting hidden\)\n\+ run swft\/resnet18\/seed2 # 4 stages to run\n/,
    );
  });

  test("removing an intermediate domain re-runs the later hop because the hop was removed", () => {
    const shorter = buildPlan([experiment({ withFundus: false })]);
    const diff = diffPlans(base, shorter, { old: "a", new: "b" });
    expect(diff.runs[0]!.hops.map((hop) => [hop.domain, hop.change])).toEqual([
      ["fundus", "removed"],
      ["larynx", "changed"],
    ]);
    expect(diff.runs[0]!.hops[1]!.stages[0]!.verdict).toEqual({
      kind: "upstream",
      cause: { level: "hop", subject: "fundus", change: "removed" },
    });
    expect(text(base, shorter)).toContain(
      "    - hop fundus\n    ~ hop larynx\n        ~ stage head # forces re-run: hop fundus removed\n",
    );
  });

  test("hops in another order are matched by domain, and the one brought forward moved", () => {
    const original = base.runs[0]!;
    const swapped = { ...base, runs: [{ ...original, hops: [original.hops[1]!, original.hops[0]!] }] };
    const diff = diffPlans(base, swapped, { old: "a", new: "b" });
    expect(diff.runs[0]!.hops.map((hop) => [hop.domain, hop.moved])).toEqual([
      ["larynx", { from: 2, to: 1 }],
      ["fundus", undefined],
    ]);
    expect(text(base, swapped)).toContain("    ~ hop larynx # moved 2 -> 1\n");
  });

  test("a model added to the matrix adds its runs and shows the matrix change", () => {
    const wider = buildPlan([experiment({ models: ["resnet18", "resnet34"] })]);
    expect(text(base, wider)).toBe(
      [
        "~ experiment swft",
        "    ~ models +resnet34",
        "      (1 unchanged setting hidden)",
        "+ run swft/resnet34/seed1 # 4 stages to run",
        "  (1 unchanged run hidden)",
        "",
        "Plan: 1 run added, 0 changed, 0 removed; 4 stages to re-run, 4 reusable.",
        "",
      ].join("\n"),
    );
    expect(text(wider, base)).toContain("- run swft/resnet34/seed1\n");
  });

  test("runs with the same changes share one body under all their headers", () => {
    const two = (lr: number) => buildPlan([{ ...experiment({ larynx: [{ ...SWFT[0]!, lr }] }), seeds: [1, 2] }]);
    expect(text(two(1e-3), two(2e-3))).toMatch(
      /^~ run swft\/resnet18\/seed1\n~ run swft\/resnet18\/seed2\n {6}hop fundus/,
    );
  });

  test("--all lists unchanged settings and runs", () => {
    const output = text(base, buildPlan([experiment()]), true);
    expect(output).toContain(
      "  experiment swft\n      models resnet18\n      seeds 1\n  run swft/resnet18/seed1 # 4 stages reusable\n",
    );
    expect(output.endsWith("\nNo changes.\n")).toBe(true);
  });
});

test("a change of architecture variant shows as an architecture change", () => {
  const keras: Plan = {
    ...base,
    runs: base.runs.map((run) => ({ ...run, architecture: { ...run.architecture, variant: "keras" } })),
  };
  expect(text(base, keras)).toContain(
    "  ~ architecture resnet18 torchvision width 1 dropout 0 -> resnet18 keras width 1 dropout 0\n",
  );
});
