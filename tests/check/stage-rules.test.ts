import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("stage names are unique within a schedule", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 1 }\n  stage a { unfreeze all; epochs 1 }\n}"))).toEqual([
    "main.thtl:5:9: error THTL2008: stage 'a' is declared more than once in schedule 's'",
  ]);
});

test("stage names are unique within an inline schedule", () => {
  const source = `${LARYNX}\nexperiment e { models resnet18; chain scratch -> larynx with { stage a { train head; epochs 1 } stage a { train all; epochs 1 } } }`;
  expect(diagnose(source)).toEqual(["main.thtl:2:103: error THTL2008: stage 'a' is declared more than once in the inline schedule of experiment 'e'"]);
});

test("a stage without epochs, and no default, is an error", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head }\n}"))).toEqual([
    "main.thtl:4:9: error THTL2050: stage 'a' has no `epochs`, and schedule 's' has no default for it",
  ]);
});

test("epochs from defaults", () => {
  expect(diagnose(withSchedule("schedule s {\n  defaults { epochs 3 }\n  stage a { train head }\n}"))).toEqual([]);
});

test("a statement given twice in one block", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 1; epochs 2 }\n}"))).toEqual([
    "main.thtl:4:35: error THTL2009: `epochs` is given more than once in stage 'a'",
  ]);
});

test("unknown optimizer and momentum without sgd", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 1; optimizer adma }\n  stage b { optimizer adam momentum 0.9; epochs 1 }\n}"))).toEqual([
    "main.thtl:4:45: error THTL2051: unknown optimizer 'adma'; did you mean 'adam'?",
    "main.thtl:5:37: error THTL2052: `momentum` applies only to sgd, not 'adam'",
  ]);
});

test("unknown metric lists the metrics when nothing is close", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 9; early_stop auc patience 2 }\n}"))).toEqual([
    "main.thtl:4:46: error THTL2053: unknown metric 'auc'; use val_loss, val_acc, val_f1 or val_recall",
  ]);
});

test("non-positive lr, epochs and batch", () => {
  expect(diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 0; batch 2.5; lr 0 }\n  stage b { lr -1e-3; epochs 1 }\n}"))).toEqual([
    "main.thtl:4:32: error THTL2041: `epochs` must be a positive whole number, not 0",
    "main.thtl:4:41: error THTL2041: `batch` must be a positive whole number, not 2.5",
    "main.thtl:4:49: error THTL2040: `lr` must be a positive number, not 0",
    "main.thtl:5:16: error THTL2040: `lr` must be a positive number, not -1e-3",
  ]);
});
