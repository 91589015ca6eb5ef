import { describe, expect, test } from "vitest";
import { wantsColor } from "../../src/terminal/color.js";
import { recordingIO } from "../../src/util/io.js";

/** One rule for every command and the UI: NO_COLOR, then FORCE_COLOR, then whether the stream is a terminal. */
describe("wantsColor", () => {
  const io = (env: Record<string, string>, stdoutIsTTY: boolean, stderrIsTTY: boolean) => ({
    env,
    stdoutIsTTY,
    stderrIsTTY,
  });

  test("on a terminal, off in a pipe, per stream", () => {
    expect(wantsColor(io({}, true, false), "stdout")).toBe(true);
    expect(wantsColor(io({}, true, false), "stderr")).toBe(false);
    expect(wantsColor(io({}, false, true), "stderr")).toBe(true);
    expect(wantsColor(recordingIO().io, "stdout")).toBe(false);
    expect(wantsColor(recordingIO({ tty: true }).io, "stdout")).toBe(true);
  });

  test("NO_COLOR with any non-empty value turns colour off, even with FORCE_COLOR", () => {
    expect(wantsColor(io({ NO_COLOR: "1" }, true, true), "stdout")).toBe(false);
    expect(wantsColor(io({ NO_COLOR: "1", FORCE_COLOR: "1" }, true, true), "stdout")).toBe(false);
    expect(wantsColor(io({ NO_COLOR: "" }, true, true), "stdout")).toBe(true);
  });

  test("FORCE_COLOR other than 0 turns colour on in a pipe", () => {
    expect(wantsColor(io({ FORCE_COLOR: "1" }, false, false), "stdout")).toBe(true);
    expect(wantsColor(io({ FORCE_COLOR: "" }, false, false), "stderr")).toBe(true);
    expect(wantsColor(io({ FORCE_COLOR: "0" }, false, false), "stdout")).toBe(false);
    expect(wantsColor(io({ FORCE_COLOR: "0" }, true, false), "stdout")).toBe(true);
  });
});
