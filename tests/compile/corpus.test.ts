import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { checkFile } from "../../src/check/index.js";
import { compileFile } from "../../src/compile/index.js";
import { readmeExamples, repositoryFiles, ROOT, specExamples } from "../language/corpus.js";
import { planOf } from "./helpers.js";

const shown = (file: string) =>
  checkFile(join(ROOT, file)).diagnostics.map(
    (d) => `${d.span.start.line}:${d.span.start.column} ${d.code} ${d.message}`,
  );

describe("every example of the spec compiles as written", () => {
  for (const example of specExamples()) {
    test(example.name, () => {
      expect(planOf(example.text).planVersion).toBe(1);
    });
  }
});

describe("the README's tour compiles as written", () => {
  const examples = readmeExamples();
  test("the README has a tour", () => expect(examples.length).toBeGreaterThan(0));
  for (const example of examples) test(example.name, () => expect(planOf(example.text).runs.length).toBeGreaterThan(0));
});

describe("schedules/ and examples/ check clean and compile", () => {
  const files = [...repositoryFiles("schedules"), ...repositoryFiles("examples")];

  test("there are files to check", () => {
    expect(files.map((file) => file.name)).toEqual(
      expect.arrayContaining(["schedules/common.thtl", "schedules/study.thtl", "examples/selectors.thtl"]),
    );
  });

  for (const file of files) {
    test(file.name, () => {
      expect(shown(file.name)).toEqual([]);
      const { plan } = compileFile(join(ROOT, file.name));
      expect(plan).not.toBeNull();
      if (/^experiment /m.test(file.text)) expect(plan!.runs.length).toBeGreaterThan(0);
    });
  }
});

test("the study covers every arm for all nine architectures, SWFT for the ResNets", () => {
  const plan = compileFile(join(ROOT, "schedules/study.thtl")).plan!;
  const models = (experiment: string) => [
    ...new Set(plan.runs.filter((run) => run.experiment === experiment).map((run) => run.model)),
  ];
  const nine = [
    "resnet18",
    "resnet34",
    "resnet50",
    "vgg16",
    "densenet121",
    "mobilenet_v2",
    "efficientnet_b0",
    "inception_v3",
    "xception",
  ];
  for (const arm of [
    "from_scratch",
    "one_step_last_layer",
    "one_step_all_layers",
    "thtl_last_layer",
    "thtl_all_layers",
  ])
    expect(models(arm)).toEqual(nine);
  expect(models("thtl_swft")).toEqual(["resnet18", "resnet34", "resnet50"]);
  expect(plan.runs).toHaveLength((5 * 9 + 3) * 3);
});
