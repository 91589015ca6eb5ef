import { spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { wasmThreadCount } from "../../src/runtime/backend/wasm-threads.js";
import type { RunEvent } from "../../src/runtime/events.js";
import type { RunMetrics } from "../../src/runtime/record-types.js";
import { nativeInstalled } from "./helpers.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "thtl-run-"));
  writeFileSync(join(dir, "tiny.thtl"), source("scratch", "shapes"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function source(start: string, ...extra: string[]): string {
  return `version 1
model tiny { arch resnet18; width 0.125 }
${start === "pre" ? `domain pre { weights "runs/e/{model}/seed1/model" }\n` : ""}domain shapes {
  data synth natural 36
  split 50/25/25 seed 1
  image 32x32
}
experiment e {
  models tiny
  chain ${start} -> ${extra.join(" -> ")} with {
    stage head { train head; epochs 1; batch 8 }
    stage all { train all; epochs 2; batch 8 }
  }
}
`;
}

async function thtl(...args: string[]) {
  const record = recordingIO({ cwd: dir });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
}

describe("thtl run", () => {
  it("trains a .thtl file, prints one line per epoch and stage, and records the run", async () => {
    const { code, out, err } = await thtl("run", "tiny.thtl", "--backend", "wasm");
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out.split("\n");
    // The wasm backend trains on every core (docs/backends.md, "All cores").
    const threads = wasmThreadCount();
    expect(lines[0]).toBe(
      `thtl run tiny.thtl · 1 run · wasm (CPU${threads > 1 ? `, ${threads} threads` : ""}) · records in runs`,
    );
    expect(lines.filter((l) => / · epoch \d\/\d · /.test(l))).toHaveLength(3);
    expect(lines.filter((l) => / · (head|all) · done · /.test(l))).toHaveLength(2);
    const record = join(dir, "runs/e/tiny/seed1");
    const metrics = JSON.parse(readFileSync(join(record, "metrics.json"), "utf8")) as RunMetrics;
    expect(metrics.status).toBe("done");
    expect(metrics.hops[0]!.test!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(6);
    expect(existsSync(join(record, "model/model.json"))).toBe(true);
  });

  it("reuses the finished run, then starts a chain from its exported model", async () => {
    const again = await thtl("run", "tiny.thtl", "--backend", "wasm", "--json");
    expect(again.code).toBe(0);
    const events = again.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as RunEvent);
    expect(events.map((e) => e.type)).toEqual(["plan:start", "run:end", "plan:end"]);
    expect(events[1]).toMatchObject({ status: "reused" });

    writeFileSync(join(dir, "next.thtl"), source("pre", "shapes"));
    const next = await thtl("run", "next.thtl", "--backend", "wasm", "--json", "--out", "next-runs");
    expect(next.code).toBe(0);
    const loaded = next.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as RunEvent)
      .find((e) => e.type === "weights:loaded") as Extract<RunEvent, { type: "weights:loaded" }>;
    expect(loaded.path).toBe(join(dir, "runs/e/tiny/seed1/model"));
    expect(loaded.missing).toEqual([]);
    expect(loaded.unexpected).toEqual([]);
    expect(loaded.skipped).toEqual(["predictions"]);
    expect(loaded.loaded).toHaveLength(40);
  });

  it("shows the quickstart example's plan with --dry-run, without training", async () => {
    // A copy in a folder of its own: the working copy's runs/ (a user may have run it) plays no part.
    const work = mkdtempSync(join(dir, "quickstart-"));
    copyFileSync(join(import.meta.dirname, "../../examples/quickstart.thtl"), join(work, "quickstart.thtl"));
    const record = recordingIO({ cwd: work });
    const code = await main(["run", "quickstart.thtl", "--dry-run"], record.io);
    expect(record.err).toBe("");
    expect(code).toBe(0);
    expect(record.out).toContain("quickstart/small_resnet/seed1\nscratch -> natural -> fundus -> larynx\n");
    expect(readdirSync(work)).toEqual(["quickstart.thtl"]);
  });

  it("stops on unreadable images before training, unless --skip-bad-images", async () => {
    const { default: sharp } = await import("sharp");
    for (const [cls, count] of [
      ["cats", 6],
      ["dogs", 6],
    ] as const) {
      mkdirSync(join(dir, "pets", cls), { recursive: true });
      for (let i = 0; i < count; i++) {
        const pixels = Buffer.alloc(32 * 32 * 3, cls === "cats" ? 40 + i : 200 - i);
        await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } })
          .png()
          .toFile(join(dir, "pets", cls, `${i}.png`));
      }
    }
    writeFileSync(join(dir, "pets", "dogs", "broken.png"), "not a png");
    writeFileSync(
      join(dir, "pets.thtl"),
      `version 1
model tiny { arch resnet18; width 0.125 }
domain pets { data imagefolder "pets"; split 50/50; image 32x32 }
experiment p { models tiny; chain scratch -> pets with { stage head { train head; epochs 1; batch 4 } } }
`,
    );
    const stopped = await thtl("run", "pets.thtl", "--backend", "wasm", "--out", "pets-runs");
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(
      /^pets\/dogs\/broken\.png: error THTL3000: 'pets\/dogs\/broken\.png' is not a readable image \(.*\): replace or delete it, or pass --skip-bad-images to leave it out\n/,
    );
    expect(stopped.err).toContain("thtl run: 1 data problem; nothing was trained.");
    expect(existsSync(join(dir, "pets-runs"))).toBe(false);
    const skipped = await thtl(
      "run",
      "pets.thtl",
      "--backend",
      "wasm",
      "--out",
      "pets-runs",
      "--skip-bad-images",
      "--json",
    );
    expect(skipped.code).toBe(0);
    const warning = skipped.out
      .split("\n")
      .map((l) => l && JSON.parse(l))
      .find((e) => e && e.type === "warning");
    expect(warning).toMatchObject({
      code: "THTL3000",
      message: expect.stringMatching(/^left out pets\/dogs\/broken\.png: /),
    });
  });

  it("trains with data-parallel replicas (--workers 2) to the single-threaded results", async () => {
    writeFileSync(
      join(dir, "head.thtl"),
      source("scratch", "shapes").replace(
        "stage all { train all; epochs 2; batch 8 }",
        "stage more { train head; epochs 2; batch 8 }",
      ),
    );
    const one = await thtl("run", "head.thtl", "--backend", "wasm", "--out", "one");
    const two = await thtl("run", "head.thtl", "--backend", "wasm", "--out", "two", "--workers", "2", "--json");
    expect([one.code, two.code]).toEqual([0, 0]);
    const start = JSON.parse(two.out.split("\n")[0]!) as Extract<RunEvent, { type: "plan:start" }>;
    expect(start.backend.threads).toBe(2);
    const read = (out: string) =>
      JSON.parse(readFileSync(join(dir, out, "e/tiny/seed1/metrics.json"), "utf8")) as RunMetrics;
    const losses = (m: RunMetrics) => m.hops[0]!.stages.flatMap((s) => s.epochs.flatMap((e) => [e.loss, e.val.loss]));
    losses(read("two")).forEach((loss, i) => expect(loss).toBeCloseTo(losses(read("one"))[i]!, 4));
  });

  it("stops before training when a weights domain's files do not exist", async () => {
    writeFileSync(
      join(dir, "missing.thtl"),
      source("pre", "shapes").replace("runs/e/{model}/seed1/model", "weights/{model}-imagenet"),
    );
    const result = await thtl("run", "missing.thtl", "--backend", "wasm", "--out", "missing-runs");
    expect(result.code).toBe(1);
    const path = join(dir, "weights/tiny-imagenet");
    expect(result.err).toBe(
      `thtl run: error THTL4000: cannot find the weights '${path}': it is not a .pth, .pt, .h5 or .safetensors file, a folder made by \`thtl weights import\` or a TensorFlow.js layers-model folder, and there is no '${path}.safetensors' (docs/weights.md shows the two ways to get weights: \`thtl weights fetch\` and \`thtl weights import\`)\n`,
    );
    expect(existsSync(join(dir, "missing-runs"))).toBe(false);
  });

  it("rejects an unknown backend as a usage error", async () => {
    const { code, err } = await thtl("run", "tiny.thtl", "--backend", "gpu");
    expect(code).toBe(2);
    expect(err).toMatch(/^thtl run: unknown backend 'gpu': use auto, tensorflow, wasm or cpu\n\nUsage: thtl run /);
  });

  it("exits 2 before reading any data when the tensorflow backend is asked for and cannot load", async () => {
    const result = await thtl("run", "tiny.thtl", "--backend", "tensorflow", "--out", "no-backend");
    if (nativeInstalled) {
      expect(result.code).toBe(0);
      return;
    }
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^thtl run: The tensorflow backend is not available:\n {2}@tensorflow\/tfjs-node-gpu: not installed\n/,
    );
    expect(existsSync(join(dir, "no-backend"))).toBe(false);
  });

  it("rejects an unknown run and a plan JSON that is not a plan", async () => {
    await expect(thtl("run", "tiny.thtl", "--run", "e/tiny/seed9")).resolves.toMatchObject({
      code: 2,
      err: expect.stringContaining("thtl run: no run 'e/tiny/seed9' in tiny.thtl; its runs are: e/tiny/seed1\n"),
    });
    writeFileSync(join(dir, "bad.json"), `{"planVersion": 1}`);
    const bad = await thtl("run", "bad.json");
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^thtl run: 'bad.json' is not a valid plan \(make one with `thtl compile`\):\n/);
  });

  it("stops after the batch on Ctrl-C, exits 130 with the resume command, and resumes", async () => {
    // Without the store: the first test stored every stage of this plan.
    const child = join(import.meta.dirname, "fixtures", "ts-child.mjs");
    const cli = join(import.meta.dirname, "fixtures", "cli-child.ts");
    const proc = spawn(
      process.execPath,
      [child, cli, "run", "tiny.thtl", "--backend", "wasm", "--out", "sigint", "--json", "--no-store"],
      {
        cwd: dir,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    let sent = false;
    proc.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && out.includes('"type":"batch:end"') && out.includes('"stage":1')) {
        sent = true;
        proc.kill("SIGINT");
      }
    });
    proc.stderr!.on("data", (chunk: Buffer) => void (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.on("exit", resolve));
    expect(code).toBe(130);
    const resume = "thtl run tiny.thtl --backend wasm --out sigint --json --no-store --resume";
    expect(err).toContain(`Interrupted. Continue with:\n  ${resume}\n`);
    const end = JSON.parse(out.trim().split("\n").at(-1)!) as Extract<RunEvent, { type: "plan:end" }>;
    expect(end).toMatchObject({ type: "plan:end", status: "interrupted", resume });

    // A copy whose weights checkpoint is overwritten afterwards: resuming it names the file and fails.
    cpSync(join(dir, "sigint"), join(dir, "damaged"), { recursive: true });
    const checkpoint = join(dir, "damaged/e/tiny/seed1/checkpoint");
    const weights = join(
      checkpoint,
      readdirSync(checkpoint).find((name) => name.startsWith("weights-"))!,
    );
    writeFileSync(weights, Buffer.alloc(statSync(weights).size, 0xff));
    const damaged = await thtl("run", "tiny.thtl", "--backend", "wasm", "--out", "damaged", "--resume");
    expect(damaged.code).toBe(1);
    expect(damaged.err).toBe(
      `error: e/tiny/seed1 failed: THTL4008: the checkpoint of e/tiny/seed1 is damaged: '${weights}' does not match the checksum recorded when it was written; ` +
        "nothing was trained from it; run without --resume and with --force to start this run over\n",
    );
    expect(damaged.out).not.toContain(" · epoch ");

    const refused = await thtl("run", "tiny.thtl", "--backend", "wasm", "--out", "sigint", "--no-store");
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      `thtl run: run e/tiny/seed1 stopped before finishing; continue with\n  thtl run tiny.thtl --backend wasm --out sigint --no-store --resume\nor start over with --force.\n`,
    );
    const resumed = await thtl("run", "tiny.thtl", "--backend", "wasm", "--out", "sigint", "--no-store", "--resume");
    expect(resumed.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, "sigint/e/tiny/seed1/metrics.json"), "utf8")) as RunMetrics;
    const b = JSON.parse(readFileSync(join(dir, "runs/e/tiny/seed1/metrics.json"), "utf8")) as RunMetrics;
    expect(a.hops).toEqual(b.hops);
  }, 60_000);
});
