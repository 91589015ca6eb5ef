import { describe, expect, test } from "vitest";
import { compileFile, OverrideError, parseOverrides, planViolations } from "../../src/compile/index.js";
import type { Plan } from "../../src/plan/types.js";
import { thtl, workspace } from "../cli/helpers.js";

function study(options: { image?: string; epochs?: number; count?: number; width?: string } = {}): string {
  return `version 1
model small { arch resnet18; width ${options.width ?? "0.5"} }
domain natural {
  data synth natural ${options.count ?? 600}
  image ${options.image ?? "64x64"}
}
domain larynx {
  data synth larynx 200
  positive malignant
  split 70/15/15 seed 7
  image ${options.image ?? "64x64"}
}
experiment one_step {
  models small, resnet50
  seeds 1, 2, 3
  chain scratch -> natural with { stage all { train all; epochs ${options.epochs ?? 20} } } -> larynx with { stage head { train head; epochs ${options.epochs ?? 10} } }
}
experiment swft {
  models resnet50
  chain scratch -> larynx with { stage head { train head; epochs ${options.epochs ?? 10} } }
}
`;
}

function compile(text: string, set: string[] = []): Plan {
  const overrides = set.length > 0 ? parseOverrides(set) : undefined;
  const { plan, diagnostics } = compileFile("main.thtl", {
    readFile: (path) => (path === "main.thtl" ? text : undefined),
    ...(overrides ? { overrides } : {}),
  });
  expect(diagnostics).toEqual([]);
  return plan!;
}

const withoutOverrides = (plan: Plan) => plan.runs.map(({ overrides: _, ...run }) => run);

describe("--set overrides", () => {
  test("give the plan the same file with those values would, and record themselves in every run", () => {
    const set = ["image=32x32", "epochs=2", "natural.count=120", "width=0.25"];
    const overridden = compile(study(), set);
    expect(planViolations(overridden)).toEqual([]);
    expect(overridden.runs.every((run) => JSON.stringify(run.overrides) === JSON.stringify(set))).toBe(true);
    // Same stage hashes, so runs of one scale are reused whether the scale was written or overridden.
    const written = compile(study({ image: "32x32", epochs: 2, count: 120, width: "0.25" }));
    const small = (runs: Plan["runs"]) => runs.filter((run) => run.model === "small");
    expect(small(withoutOverrides(overridden) as Plan["runs"])).toEqual(small(written.runs));
    // width applies to architectures named directly too (the file can only set it in a variant).
    expect(overridden.runs.find((r) => r.model === "resnet50")!.architecture.width).toBe(0.25);
  });

  test("seeds and models change the run matrix; an experiment left without a model is dropped", () => {
    const plan = compile(study(), ["seeds=1,2", "models=small"]);
    expect(plan.runs.map((r) => r.id)).toEqual(["one_step/small/seed1", "one_step/small/seed2"]);
  });

  test("without --set, the plan has no overrides field", () => {
    expect(compile(study()).runs.some((run) => "overrides" in run)).toBe(false);
  });

  test("mistakes name the item and what it takes", () => {
    const error = (set: string[]) => {
      try {
        compile(study(), set);
      } catch (e) {
        expect(e).toBeInstanceOf(OverrideError);
        return (e as Error).message;
      }
      return "no error";
    };
    expect(error(["epoch=3"])).toBe(
      "--set epoch=3: unknown key 'epoch'; the keys are image=HxW, epochs=N, batch=N, width=X, seeds=N,N,..., models=NAME,..., DOMAIN.count=N",
    );
    expect(error(["epochs"])).toMatch(/^--set takes KEY=VALUE, got 'epochs'/);
    expect(error(["epochs=0"])).toBe("--set epochs=0: epochs takes a whole number of at least 1");
    expect(error(["image=32"])).toBe("--set image=32: image takes a size HxW, such as 32x32");
    expect(error(["width=0"])).toBe(
      "--set width=0: width takes a channel multiplier above 0 and at most 4, such as 0.25",
    );
    expect(error(["seeds=1,x"])).toBe("--set seeds=1,x: seeds takes whole numbers separated by commas, such as 1,2,3");
    expect(error(["models=vgg16"])).toBe("--set models: no experiment runs 'vgg16'; the models are small, resnet50");
    expect(error(["fundus.count=10"])).toBe(
      "--set fundus.count: no run uses a domain 'fundus'; the data domains are natural, larynx",
    );
  });

  test("an image below an architecture's minimum is refused", () => {
    const text = study()
      .replace("models small, resnet50", "models small, inception_v3")
      .replaceAll("64x64", "80x80")
      .replace("models resnet50", "models inception_v3");
    expect(() => compile(text, ["image=32x32"])).toThrow(
      "--set image=32x32: inception_v3 (model 'inception_v3') needs at least 75x75",
    );
  });
});

describe("thtl compile/run --set", () => {
  test("compile records the overrides, and thtl diff shows them", async () => {
    const cwd = workspace({ "study.thtl": study() });
    expect(
      (await thtl(["compile", "study.thtl", "-o", "small.json", "--set", "epochs=2", "--set", "image=32x32"], cwd))
        .code,
    ).toBe(0);
    expect((await thtl(["compile", "study.thtl", "-o", "full.json"], cwd)).code).toBe(0);
    const { code, out } = await thtl(["diff", "full.json", "small.json", "--format", "json"], cwd);
    expect(code).toBe(0);
    const run = JSON.parse(out).comparisons[0].runs[0];
    expect(run.settings.find((s: { key: string }) => s.key === "overrides")).toEqual({
      key: "overrides",
      change: "added",
      new: ["epochs=2", "image=32x32"],
    });
    expect(run.settings.find((s: { key: string }) => s.key === "input")).toMatchObject({
      change: "changed",
      old: "64x64 rgb",
      new: "32x32 rgb",
    });
  });

  test("a bad item is a usage error (exit 2); --set with a plan JSON too", async () => {
    const cwd = workspace({ "study.thtl": study(), "plan.json": "{}" });
    const bad = await thtl(["compile", "study.thtl", "--set", "image=tiny"], cwd);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^thtl compile: --set image=tiny: image takes a size HxW, such as 32x32\n/);
    const json = await thtl(["run", "plan.json", "--set", "epochs=1"], cwd);
    expect(json.code).toBe(2);
    expect(json.err).toMatch(
      /^thtl run: --set applies when compiling a .thtl file; a plan JSON is already compiled \(use `thtl compile --set`\)\n/,
    );
  });
});
