import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createParallelTrainer, type ParallelTrainer } from "../../../src/runtime/parallel/index.js";
import { batches, tinyResNet, wholeModelStage } from "./fixtures.js";

const setup = { stage: wholeModelStage("frozen"), weights: null, optimizer: null, prefixGroups: null };
const incompatible =
  "Input 0 is incompatible with layer conv1_conv: expected axis 3 of input shape to have value 3 but got shape 1,22,22,4.";

describe("failures of the replicas (one trainer, in order)", () => {
  let trainer: ParallelTrainer;
  const [b] = batches(1, 4);

  beforeAll(async () => {
    trainer = await createParallelTrainer({ workers: 2, ...tinyResNet });
    await trainer.beginStage(setup);
  });
  afterAll(() => trainer?.dispose());

  test("a batch whose labels do not match its shape is refused before it reaches the replicas", async () => {
    await expect(trainer.step(b!.inputs, b!.shape, b!.labels.subarray(1), 0.1)).rejects.toThrow(
      "a batch of shape [4, 16, 16, 3] needs 3072 input values and 4 labels; got 3072 and 3",
    );
    await expect(trainer.predict(b!.inputs.subarray(1), b!.shape)).rejects.toThrow(
      "a batch of shape [4, 16, 16, 3] needs 3072 input values; got 3071",
    );
    await trainer.step(b!.inputs, b!.shape, b!.labels, 0.1);
    expect(trainer.sums().seen).toBe(4);
  });

  test("an error in one replica rejects the step with its message, and every later call with the same", async () => {
    // One sample: replica 2 has an empty shard and waits at the barrier while replica 1 fails.
    await expect(trainer.step(new Float32Array(16 * 16 * 4), [1, 16, 16, 4], new Int32Array(1), 0.1)).rejects.toThrow(
      incompatible,
    );
    await expect(trainer.readWeights()).rejects.toThrow(incompatible);
    await expect(trainer.step(b!.inputs, b!.shape, b!.labels, 0.1)).rejects.toThrow(incompatible);
    await trainer.dispose();
    await expect(trainer.optimizerState()).rejects.toThrow(incompatible);
  });
});

test("a replica that cannot build the model rejects createParallelTrainer with its message", async () => {
  await expect(
    createParallelTrainer({ workers: 2, arch: "resnet19", buildOptions: tinyResNet.buildOptions }),
  ).rejects.toThrow("unknown architecture 'resnet19'; known: ");
});

test("calls after dispose reject", async () => {
  const trainer = await createParallelTrainer({ workers: 2, ...tinyResNet });
  await trainer.dispose();
  await expect(trainer.beginStage(setup)).rejects.toThrow("the parallel trainer was disposed");
});

test("trainers left without dispose, failed or idle, let Node exit", async () => {
  const runner = join(import.meta.dirname, "..", "fixtures", "ts-child.mjs");
  const script = join(import.meta.dirname, "fixtures", "abandon-child.ts");
  const child = spawn(process.execPath, [runner, script], { stdio: ["ignore", "pipe", "pipe"], timeout: 50_000 });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(signal ?? c)));
  expect(output).toBe(`failed: ${incompatible}\ntrained: true\n`);
  expect(code).toBe(0);
}, 60_000);
