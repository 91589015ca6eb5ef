import { expect, test } from "vitest";
import { checkFile, createHost } from "../../src/check/index.js";
import { diagnose, EXPERIMENT, HEAD, LARYNX } from "./helpers.js";

test("a name declared twice in one kind is an error at the second, related to the first", () => {
  const files = {
    "main.thtl": `import "lib.thtl"\n${EXPERIMENT}\n${HEAD}`,
    "lib.thtl": `${LARYNX}\nschedule s { stage b { train all; epochs 2 } }`,
  };
  expect(diagnose(files)).toEqual(["main.thtl:3:10: error THTL2002: schedule 's' is declared more than once"]);
  const host = createHost({ readFile: (path) => files[path as keyof typeof files] });
  const [d] = checkFile("main.thtl", host).diagnostics;
  expect(d!.related).toEqual([
    {
      message: "'s' is first declared here",
      file: "lib.thtl",
      span: expect.objectContaining({ start: { offset: 49, line: 2, column: 10 } }),
    },
  ]);
});

test("one name may serve different kinds", () => {
  expect(
    diagnose(
      `domain s { data synth larynx 100 }\nschedule s { stage a { train head; epochs 1 } }\nexperiment s { models resnet18; chain scratch -> s with s }`,
    ),
  ).toEqual([]);
});
