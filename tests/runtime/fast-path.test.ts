import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Plan } from "../../src/plan/types.js";
import { selectBackend } from "../../src/runtime/backend/select.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { executePlan } from "../../src/runtime/execute.js";
import { buildModel, modelFactory } from "../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { hop, memoryData, run, stage } from "./helpers.js";

let tf: TfNamespace;
const dirs: string[] = [];
beforeAll(async () => {
  await selectBackend("cpu");
  ({ tf } = await selectBackend("wasm"));
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SIZE = 32;
const CLASSES = ["a", "b", "c"];
const GROUPS = ["stem", "layer1", "layer2", "layer3", "layer4", "head"];
const ARCH = { arch: "resnet18", variant: "torchvision" as const, width: 0.125, dropout: 0, groups: GROUPS };
const data = memoryData("d", CLASSES, { train: 24, val: 12, test: 12 }, 5, SIZE);

/**
 * A ResNet18 (width 0.125) trained whole for 3 epochs: every kernel of the fast path runs,
 * Winograd's included. The learning rate is small enough that training is not chaotic: at 0.01
 * the two backends' float32 roundings grow apart within a few steps of this tiny data set.
 */
function plan(): Plan {
  const built = buildModel(tf, "resnet18", {
    width: ARCH.width,
    input: { height: SIZE, width: SIZE, channels: 3 },
    classes: CLASSES.length,
    dropout: 0,
  });
  const params = built.model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * b!, 1), 0);
  built.model.dispose();
  const all = stage({
    name: "all",
    trainable: GROUPS,
    trainableParams: params,
    epochs: 3,
    optimizer: { name: "sgd", momentum: 0.9 },
    lr: 0.002,
    frozen: [],
  });
  const r = {
    ...run("e/resnet18/seed1", [
      hop("d", CLASSES, [{ ...all, frozenPrefix: { groups: [], cacheable: false, reason: "" } }]),
    ]),
    model: "resnet18",
    architecture: ARCH,
    input: { height: SIZE, width: SIZE, channels: 3 as const },
  };
  return { planVersion: 1, compiler: "test", sources: [], runs: [r] };
}

async function trainOn(backend: "cpu" | "wasm") {
  await tf.setBackend(backend);
  const out = mkdtempSync(join(tmpdir(), "thtl-fast-path-"));
  dirs.push(out);
  const events: RunEvent[] = [];
  const status = await executePlan(plan(), {
    tf,
    backend: { name: backend, package: "", gpu: false, threads: 1, notes: [] },
    planLabel: "t",
    outDir: out,
    baseDir: out,
    sink: (e) => events.push(e),
    loadData: async () => data,
    buildModel: modelFactory(tf),
    resume: false,
    force: false,
    interrupted: () => false,
    resumeCommand: "",
  });
  expect(status).toBe("done");
  const epochs = events.flatMap((e) => (e.type === "epoch:end" ? [e] : []));
  const test = events.flatMap((e) => (e.type === "hop:end" ? [e.test!] : []))[0]!;
  return { epochs, test };
}

it("a whole training run on wasm's fast path reaches the cpu backend's metrics", async () => {
  const cpu = await trainOn("cpu");
  const wasm = await trainOn("wasm");
  expect(wasm.epochs).toHaveLength(3);
  wasm.epochs.forEach((e, i) => {
    const c = cpu.epochs[i]!;
    expect(Math.abs(e.loss - c.loss) / c.loss).toBeLessThan(1e-3);
    expect(Math.abs(e.val.loss - c.val.loss) / c.val.loss).toBeLessThan(1e-3);
    expect(e.val.acc).toBe(c.val.acc);
  });
  expect(Math.abs(wasm.test.loss - cpu.test.loss) / cpu.test.loss).toBeLessThan(1e-3);
  expect(wasm.test.confusion).toEqual(cpu.test.confusion);
  // It learned something: the last epoch's training loss is below the first's.
  expect(wasm.epochs[2]!.loss).toBeLessThan(wasm.epochs[0]!.loss);
}, 120_000);
