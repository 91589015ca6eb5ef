import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDirs } from "./helpers.js";

const tempDir = tempDirs("thtl-nan-eval-");

/**
 * Runs the child under a time limit: a NaN output once made the AUC loop spin forever, and a
 * test that hangs in-process cannot be stopped by its own timeout.
 */
function runChild(when: "val" | "test"): Promise<{ code: number | string | null; out: string }> {
  const runner = join(import.meta.dirname, "fixtures", "ts-child.mjs");
  const script = join(import.meta.dirname, "fixtures", "nan-eval-child.ts");
  const child = spawn(process.execPath, [runner, script, tempDir(), when], {
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 45_000,
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code: signal ?? code, out })));
}

const ADVICE =
  "inference reads the batch-norm moving statistics, which can diverge while the training loss stays finite; lower the learning rate or check the data (a resumed run: start it over with --force)";

describe("NaN outputs in evaluation stop the run, as a NaN training loss does", () => {
  it("on the validation split, while the training loss is finite", async () => {
    const { code, out } = await runChild("val");
    expect(out).toBe(
      "failed: THTL4007: the model's outputs on the validation split became NaN in epoch 1 of stage 'all' (hop 1, pairs) of exp/tiny/seed1: " +
        ADVICE +
        "\n",
    );
    expect(code).toBe(1);
  }, 60_000);

  it("on the test split", async () => {
    const { code, out } = await runChild("test");
    expect(out).toBe(
      "epoch 1 loss finite\nepoch 2 loss finite\n" +
        "failed: THTL4007: the model's outputs on the test split became NaN after stage 'all' (hop 1, pairs) of exp/tiny/seed1: " +
        ADVICE +
        "\n",
    );
    expect(code).toBe(1);
  }, 60_000);
});
