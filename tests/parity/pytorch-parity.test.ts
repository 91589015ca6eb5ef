import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { expect, test } from "vitest";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import { thtl } from "../cli/helpers.js";

/** Debian's python3 with python3-torch and python3-torchvision (never a download). */
const PYTHON = "/usr/bin/python3";
const REFERENCE = join(import.meta.dirname, "torch_reference.py");
const SIZE = 48;
const EPOCHS = 3;
const LR = 0.003;
const MOMENTUM = 0.9;

function torchAvailable(): string | null {
  try {
    execFileSync(PYTHON, ["-c", "import torch, torchvision, PIL"], { stdio: "pipe" });
    return null;
  } catch (error) {
    return `${PYTHON} cannot import torch, torchvision and PIL (install Debian's python3-torch and python3-torchvision): ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Two classes of 12 images each: vertical stripes, or a blob, with noise from a fixed generator. */
async function writeImages(dir: string): Promise<void> {
  let state = 12345;
  const noise = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const label of ["a", "b"]) {
    mkdirSync(join(dir, label), { recursive: true });
    for (let i = 0; i < 12; i++) {
      const pixels = Buffer.alloc(SIZE * SIZE * 3);
      for (let y = 0; y < SIZE; y++)
        for (let x = 0; x < SIZE; x++) {
          const base =
            label === "a"
              ? Math.sin(x / 3 + i) * 0.5 + 0.5
              : Math.exp(-((x - SIZE / 2 - i) ** 2 + (y - SIZE / 2 + 2) ** 2) / 120);
          const rgb = [base, base * 0.5 + noise() * 0.3, noise()];
          rgb.forEach((v, c) => (pixels[(y * SIZE + x) * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255)));
        }
      await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 3 } })
        .png()
        .toFile(join(dir, label, `${String(i).padStart(2, "0")}.png`));
    }
  }
}

test("ResNet18 from the same torchvision weights trains as in PyTorch: training loss within 1%, validation loss within 2%, every epoch", async () => {
  expect(torchAvailable()).toBeNull();
  const dir = mkdtempSync(join(tmpdir(), "thtl-parity-"));
  await writeImages(join(dir, "shapes"));
  execFileSync(PYTHON, [REFERENCE, "init", join(dir, "resnet18.safetensors")]);
  writeFileSync(
    join(dir, "parity.thtl"),
    `version 1
domain tv {
  weights "resnet18.safetensors"
  classes a, b
}
domain shapes {
  data imagefolder "shapes"
  classes a, b
  split 75/25 seed 1
  image ${SIZE}x${SIZE}
}
experiment parity {
  models resnet18
  chain tv -> shapes with { stage all { train all; epochs ${EPOCHS}; batch 64; optimizer sgd momentum ${MOMENTUM}; lr ${LR} } }
}
`,
  );
  // Full batch (18 training images, batch 64), so batch order cannot matter.
  const { code, err } = await thtl(["run", "parity.thtl", "--backend", "wasm"], dir);
  expect(err).toBe("");
  expect(code).toBe(0);
  const record = join(dir, "runs/parity/resnet18/seed1");
  const metrics = JSON.parse(readFileSync(join(record, "metrics.json"), "utf8")) as RunMetrics;
  const ours = metrics.hops[0]!.stages[0]!.epochs.map((e) => ({ loss: e.loss, val_loss: e.val.loss }));
  const args = [
    REFERENCE,
    "train",
    join(dir, "resnet18.safetensors"),
    join(record, "splits/shapes.json"),
    String(EPOCHS),
    String(LR),
    String(MOMENTUM),
  ];
  const torch = JSON.parse(execFileSync(PYTHON, args, { encoding: "utf8" })) as { loss: number; val_loss: number }[];
  expect(ours).toHaveLength(EPOCHS);
  const gaps = ours.map((e, i) => ({
    loss: Math.abs(e.loss / torch[i]!.loss - 1),
    val: Math.abs(e.val_loss / torch[i]!.val_loss - 1),
  }));
  for (const gap of gaps) {
    expect(gap.loss).toBeLessThan(0.01);
    expect(gap.val).toBeLessThan(0.02);
  }
  // The loss must have moved, or agreeing would prove nothing.
  expect(ours.at(-1)!.loss).toBeLessThan(ours[0]!.loss * 0.8);
}, 600_000);
