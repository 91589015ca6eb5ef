import { describe, expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { createRenderer } from "../../src/ui/index.js";
import { initialState, reduce } from "../../src/ui/state.js";
import { CWD, RUN1, until } from "./fixtures/two-runs.js";

/** Run 1 up to its larynx hop's start, then its first stage read from the stage store. */
function withReusedStage(): RunEvent[] {
  const start = until((e) => e.type === "hop:start" && e.hop === 2);
  const reused: RunEvent = {
    type: "stage:reused",
    time: start.at(-1)!.time + 1,
    runId: RUN1,
    hop: 2,
    stage: 0,
    name: "head",
    from: "thtl_last/resnet18/seed1/head",
    key: "ab".repeat(32),
    epochsRun: 2,
    best: { metric: "val_loss", value: 0.76, epoch: 1 },
  };
  return [...start, reused];
}

describe("a stage reused from the stage store", () => {
  test("the plain logger prints who trained it", () => {
    const record = recordingIO({ cwd: CWD });
    const renderer = createRenderer({ mode: "auto", io: record.io });
    for (const event of withReusedStage()) renderer.sink(event);
    expect(record.out.split("\n")).toContain(
      `${RUN1} · larynx · head · reused from thtl_last/resnet18/seed1/head (2 epochs, best val_loss 0.7600 @1)`,
    );
  });

  test("the live screen marks it done and notes where it came from", () => {
    const state = withReusedStage().reduce(reduce, initialState());
    expect(state.hop!.stages[0]).toMatchObject({ name: "head", status: "done", epochsRun: 2, best: { value: 0.76 } });
    expect(state.history.at(-1)).toMatchObject({
      kind: "note",
      text: "head · reused from thtl_last/resnet18/seed1/head (2 epochs, best val_loss 0.7600 @1)",
    });
  });
});
