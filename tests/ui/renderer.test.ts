import { describe, expect, test } from "vitest";
import { recordingIO, type CliIO } from "../../src/util/io.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { createRenderer, wantsLiveScreen } from "../../src/ui/index.js";
import { initialState, reduce } from "../../src/ui/state.js";
import { BACKEND, RUN1, TWO_RUNS } from "./fixtures/two-runs.js";

function terminalIO(env: Record<string, string> = {}): CliIO {
  const streams = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
  return { ...recordingIO({ env, tty: true }).io, streams };
}

const WEIGHTS: RunEvent = {
  type: "weights:loaded",
  time: 0,
  runId: RUN1,
  domain: "imagenet",
  path: "weights/resnet18-imagenet",
  loaded: ["conv1", "bn1", "res2a"],
  missing: ["res5b"],
  unexpected: [],
  skipped: ["fc1000"],
};

describe("choosing a renderer", () => {
  test("the live screen needs a terminal on stdout and no CI", () => {
    expect(wantsLiveScreen(terminalIO())).toBe(true);
    expect(wantsLiveScreen(terminalIO({ CI: "true" }))).toBe(false);
    expect(wantsLiveScreen(terminalIO({ CI: "1" }))).toBe(false);
    expect(wantsLiveScreen(terminalIO({ CI: "false" }))).toBe(true);
    expect(wantsLiveScreen({ ...terminalIO(), stdoutIsTTY: false })).toBe(false);
    expect(wantsLiveScreen(recordingIO({ tty: true }).io)).toBe(false);
  });
});

describe("weights and backend notes", () => {
  test("plain mode prints what the weights domain loaded, on stdout", () => {
    const record = recordingIO();
    createRenderer({ mode: "plain", io: record.io }).sink(WEIGHTS);
    expect(record.out).toBe(
      `${RUN1} · weights imagenet (weights/resnet18-imagenet): 3 layers loaded · 1 missing (res5b) · left out: fc1000\n`,
    );
  });

  test("the screen's log shows the weights line and why faster backends were not used", () => {
    const start = {
      ...TWO_RUNS[0]!,
      backend: { ...BACKEND, notes: ["@tensorflow/tfjs-node-gpu: not installed"] },
    } as RunEvent;
    const state = [start, WEIGHTS].reduce(reduce, initialState());
    expect(state.log.map((l) => l.text)).toEqual([
      "backend: @tensorflow/tfjs-node-gpu: not installed",
      `${RUN1}: weights imagenet (weights/resnet18-imagenet): 3 layers loaded · 1 missing (res5b) · left out: fc1000`,
    ]);
  });
});
