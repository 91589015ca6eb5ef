import { expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { createRenderer } from "../../src/ui/index.js";
import { initialState, reduce } from "../../src/ui/state.js";
import { CWD, OUT, RUN1, TWO_RUNS } from "./fixtures/two-runs.js";

/** The recorded plan with maps kept after run 1's first larynx stage (hop 2, stage 0). */
function withMaps(): RunEvent[] {
  const at = TWO_RUNS.findIndex((e) => e.type === "stage:end" && e.runId === RUN1 && e.hop === 2 && e.stage === 0);
  const cam: RunEvent = {
    type: "cam:saved",
    time: TWO_RUNS[at]!.time,
    runId: RUN1,
    hop: 2,
    stage: 0,
    dir: `${OUT}/${RUN1}/cam/larynx/head`,
    images: 6,
    labels: ["layer4", "layer3", "fused"],
  };
  return [...TWO_RUNS.slice(0, at + 1), cam, ...TWO_RUNS.slice(at + 1)];
}

test("the plain log says where a stage's maps are, right after the stage", () => {
  const record = recordingIO({ cwd: CWD });
  const renderer = createRenderer({ mode: "auto", io: record.io });
  for (const event of withMaps()) renderer.sink(event);
  const lines = record.out.split("\n");
  const at = lines.indexOf(
    `${RUN1} · larynx · head · maps of 6 images at layer4, layer3, fused: runs/thtl_swft/resnet18/seed1/cam/larynx/head`,
  );
  expect(at).toBeGreaterThan(0);
  expect(lines[at - 1]).toBe(
    `${RUN1} · larynx · head · done · 2 epochs · best val_loss 0.7600 at epoch 1 · kept last · 2.2s`,
  );
});

test("the live screen's history notes where a stage's maps are", () => {
  const state = withMaps().reduce(reduce, initialState());
  const notes = state.history.filter((h) => h.kind === "note").map((h) => (h as { text: string }).text);
  expect(notes).toContain("maps of 6 images at layer4, layer3, fused: runs/thtl_swft/resnet18/seed1/cam/larynx/head");
  expect(
    notes.indexOf("maps of 6 images at layer4, layer3, fused: runs/thtl_swft/resnet18/seed1/cam/larynx/head"),
  ).toBe(notes.findIndex((n) => n.startsWith("head · 2 epochs")) + 1);
});
