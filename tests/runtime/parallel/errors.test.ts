import { describe, expect, test } from "vitest";
import { createParallelTrainer } from "../../../src/runtime/parallel/index.js";
import { batches, tinyResNet, wholeModelStage } from "./fixtures.js";

describe("failures", () => {
  test("x", async () => {
    const pool = await createParallelTrainer({ workers: 2, ...tinyResNet });
    await pool.beginStage({ stage: wholeModelStage("frozen"), weights: null, optimizer: null, prefixGroups: null });
    const e = await pool.step(new Float32Array(16 * 16 * 4), [1, 16, 16, 4], new Int32Array(1), 0.1).catch((e) => e);
    console.log(String(e));
    console.log(String(await pool.readWeights().catch((e) => e)));
    await pool.dispose();
  });
});
