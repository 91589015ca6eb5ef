import { describe, expect, test } from "vitest";
import type { RunEvent } from "../../src/runtime/events.js";
import { CURVE_POINTS, initialState, reduce, type UiState } from "../../src/ui/state.js";
import { RUN1, TWO_RUNS, until } from "./fixtures/two-runs.js";

function fold(events: readonly RunEvent[]): UiState {
  return events.reduce(reduce, initialState());
}

function batch(batchNo: number, loss: number, epoch = 1): RunEvent {
  return {
    type: "batch:end",
    time: batchNo,
    runId: RUN1,
    hop: 2,
    stage: 0,
    epoch,
    batch: batchNo,
    batches: 1000,
    loss,
    acc: 0.5,
    imagesPerSec: 10,
  };
}

describe("UI state", () => {
  test("the loss curve holds each batch's own loss, recovered from the running means", () => {
    const start = until((e) => e.type === "stage:start" && e.hop === 2);
    const state = fold([...start, batch(1, 1.0), batch(2, 0.9), batch(3, 0.8)]);
    expect(state.live!.curve.map((v) => Number(v.toFixed(4)))).toEqual([1.0, 0.8, 0.6]);
  });

  test("the curve covers a whole long stage in at most CURVE_POINTS points", () => {
    const start = until((e) => e.type === "stage:start" && e.hop === 2);
    const batches = Array.from({ length: 1000 }, (_, i) => batch(i + 1, 1));
    const live = fold([...start, ...batches]).live!;
    expect(live.curve.length).toBeLessThanOrEqual(CURVE_POINTS);
    expect(live.curve.length * live.curveBucket + live.pending.length).toBe(1000);
  });

  test("a stage's end marks it done with its best metric, and an early stop is logged", () => {
    const state = fold(until((e) => e.type === "stage:end" && e.hop === 2 && e.stage === 2));
    expect(state.hop!.stages.map((s) => [s.name, s.status, s.best?.value ?? null, s.stoppedEarly])).toEqual([
      ["head", "done", 0.76, false],
      ["layer4", "done", 0.62, false],
      ["layer3", "done", 0.52, true],
    ]);
    expect(state.log.at(-1)!.text).toBe(
      `${RUN1} · larynx · layer3: stopped early after epoch 2, val_loss did not improve on 0.5200 (epoch 2)`,
    );
  });

  test("a resumed stage starts at its epoch and says so in the log", () => {
    const start = until((e) => e.type === "stage:start" && e.hop === 2 && e.stage === 1);
    const resumed = start.map((e) =>
      e === start.at(-1) && e.type === "stage:start" ? { ...e, resumedAtEpoch: 2 } : e,
    );
    const state = fold(resumed);
    expect(state.live!.epoch).toBe(2);
    expect(state.log.at(-1)!.text).toBe(`${RUN1} · larynx · layer4: resumed from epoch 2`);
  });

  test("every event is folded, and the history holds one title per stage that finished an epoch", () => {
    const state = fold(TWO_RUNS);
    expect(state.seq).toBe(TWO_RUNS.length);
    expect(state.history.filter((h) => h.kind === "title")).toHaveLength(6);
    expect(state.history.filter((h) => h.kind === "epoch")).toHaveLength(12);
    expect(state.runs.map((r) => r.status)).toEqual(["done", "failed"]);
  });
});
