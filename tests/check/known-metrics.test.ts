import { expect, test } from "vitest";
import { diagnose, EXPERIMENT, LARYNX } from "./helpers.js";

const withSchedule = (schedule: string) => `${LARYNX}\n${EXPERIMENT}\n${schedule}`;

test("unknown metric lists the metrics when nothing is close", () => {
  expect(
    diagnose(withSchedule("schedule s {\n  stage a { train head; epochs 9; early_stop auc patience 2 }\n}")),
  ).toEqual(["main.thtl:4:46: error THTL2053: unknown metric 'auc'; use val_loss, val_acc, val_f1 or val_recall"]);
});
