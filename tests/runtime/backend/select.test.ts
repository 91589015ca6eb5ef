import os from "node:os";
import { describe, expect, it } from "vitest";
import { loadNative } from "../../../src/runtime/backend/native.js";
import { BackendUnavailableError, selectBackend } from "../../../src/runtime/backend/select.js";
import { wasmThreadCount } from "../../../src/runtime/backend/wasm-threads.js";
import { loadTf } from "../../../src/runtime/tf.js";
import { nativeInstalled } from "../helpers.js";

describe("loadNative", () => {
  it("reports a package that is not installed as such", async () => {
    const tf = await loadTf();
    expect(await loadNative(tf, "@thtl-test/no-such-package")).toEqual({
      ok: false,
      note: "@thtl-test/no-such-package: not installed",
    });
  });

  it("reports the first line of the error of a package that fails to load", async () => {
    const tf = await loadTf();
    const failing =
      "data:text/javascript,throw new Error('libtensorflow.so.2: cannot open shared object file\\nat dlopen')";
    expect(await loadNative(tf, failing)).toEqual({
      ok: false,
      note: `${failing}: failed to load: libtensorflow.so.2: cannot open shared object file`,
    });
  });
});

describe("selectBackend", () => {
  it("auto falls back to wasm and says why the native backends were passed over", async () => {
    const { tf, info } = await selectBackend("auto");
    if (nativeInstalled) {
      expect(info.name).toBe("tensorflow");
      return;
    }
    expect(info).toEqual({
      name: "wasm",
      package: "@tensorflow/tfjs-backend-wasm",
      gpu: false,
      threads: wasmThreadCount(),
      notes: ["@tensorflow/tfjs-node-gpu: not installed", "@tensorflow/tfjs-node: not installed"],
    });
    expect(tf.getBackend()).toBe("wasm");
    expect(Array.from(tf.add(tf.tensor1d([1, 2]), 1).dataSync())).toEqual([2, 3]);
  });

  it("runs cpu and wasm when asked by name, with no notes", async () => {
    const cpu = await selectBackend("cpu");
    expect([cpu.tf.getBackend(), cpu.info.name, cpu.info.notes]).toEqual(["cpu", "cpu", []]);
    const wasm = await selectBackend("wasm");
    expect([wasm.tf.getBackend(), wasm.info.name, wasm.info.notes]).toEqual(["wasm", "wasm", []]);
  });

  it("explains how to install tensorflow when it is asked for and missing", async () => {
    const attempt = selectBackend("tensorflow");
    if (nativeInstalled) {
      expect((await attempt).info.name).toBe("tensorflow");
      return;
    }
    await expect(attempt).rejects.toThrow(BackendUnavailableError);
    await expect(attempt).rejects.toThrow(
      [
        "The tensorflow backend is not available:",
        "  @tensorflow/tfjs-node-gpu: not installed",
        "  @tensorflow/tfjs-node: not installed",
        "Install it with `npm install @tensorflow/tfjs-node` (or `@tensorflow/tfjs-node-gpu` with CUDA 11.2 and cuDNN 8.1);",
        "its install downloads libtensorflow from storage.googleapis.com.",
        "Or run with `--backend auto` to use the fastest backend available.",
      ].join("\n"),
    );
  });
});

describe("wasmThreadCount", () => {
  it("uses every core (at most 8) on the main thread, what the caller asks, and THTL_WASM_THREADS over both", () => {
    const saved = process.env.THTL_WASM_THREADS;
    try {
      delete process.env.THTL_WASM_THREADS;
      expect(wasmThreadCount()).toBe(Math.min(8, os.availableParallelism()));
      expect(wasmThreadCount(1)).toBe(1);
      expect(wasmThreadCount(0)).toBe(Math.min(8, os.availableParallelism()));
      process.env.THTL_WASM_THREADS = "1";
      expect(wasmThreadCount()).toBe(1);
      expect(wasmThreadCount(4)).toBe(1);
      process.env.THTL_WASM_THREADS = "32";
      expect(wasmThreadCount()).toBe(8);
    } finally {
      if (saved === undefined) delete process.env.THTL_WASM_THREADS;
      else process.env.THTL_WASM_THREADS = saved;
    }
  });
});
