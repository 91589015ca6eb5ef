import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import type { RunEvent } from "../../src/runtime/events.js";
import { tempDirs } from "../runtime/helpers.js";
import { python } from "./python.js";

const temp = tempDirs("thtl-domain-");
let dir: string;
const schema = JSON.parse(readFileSync(new URL("../../schema/weights.schema.json", import.meta.url), "utf8"));
const modelSchema = JSON.parse(readFileSync(new URL("../../schema/weights-metadata.schema.json", import.meta.url), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).addSchema(modelSchema).compile(schema);

const source = (weights: string) => `version 1
model tiny { arch resnet18; width 0.125 }
domain pre { weights "${weights}" }
domain shapes {
  data synth natural 24
  split 50/25/25 seed 1
  image 32x32
}
experiment e {
  models tiny
  chain pre -> shapes with {
    stage head { train head; epochs 1; batch 8 }
  }
}
`;

beforeAll(() => {
  dir = temp();
  // A torchvision ResNet18 state dict at width 1/8 (the catalogue's `width 0.125`), 1000 classes.
  python(
    `
out = {}
for k, v in torchvision.models.resnet18().state_dict().items():
    shape = list(v.shape)
    if k == "fc.weight": shape[1] //= 8
    elif k != "fc.bias" and not k.endswith("num_batches_tracked"):
        shape[0] //= 8
        if len(shape) == 4 and shape[1] != 3: shape[1] //= 8
    t = v.clone() if k.endswith("num_batches_tracked") else torch.randn(shape) * 0.1
    out[k] = t.abs() + 0.5 if k.endswith("running_var") else t
torch.save(out, "tiny-imagenet.pth")
`,
    dir,
  );
  writeFileSync(join(dir, "direct.thtl"), source("tiny-imagenet.pth"));
});

async function thtl(...args: string[]) {
  const record = recordingIO({ cwd: dir });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
}

const events = (out: string) => out.trim().split("\n").map((line) => JSON.parse(line) as RunEvent);

describe("a weights domain naming a .pth file", () => {
  it("imports it into the cache on first use, by the file's sha256, and loads it", async () => {
    const first = await thtl("run", "direct.thtl", "--backend", "cpu", "--json");
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    const [sha] = readdirSync(join(dir, ".cache/thtl/weights"));
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const folder = join(dir, ".cache/thtl/weights", sha!);
    const loaded = events(first.out).find((e) => e.type === "weights:loaded") as Extract<RunEvent, { type: "weights:loaded" }>;
    expect(loaded).toMatchObject({ path: folder, missing: [], unexpected: [], skipped: ["predictions"] });
    expect(loaded.loaded).toHaveLength(40);
    const metadata = JSON.parse(readFileSync(join(folder, "thtl-weights.json"), "utf8"));
    expect(validate(metadata) ? [] : validate.errors).toEqual([]);
    expect(metadata).toMatchObject({ source: { file: "tiny-imagenet.pth", sha256: sha }, arch: "resnet18", width: 0.125, classCount: 1000 });
    const imported = statSync(join(folder, "weights.safetensors")).mtimeMs;

    const second = await thtl("run", "direct.thtl", "--backend", "cpu", "--json", "--out", "again");
    expect(second.code).toBe(0);
    expect(events(second.out).find((e) => e.type === "weights:loaded")).toMatchObject({ path: folder });
    expect(statSync(join(folder, "weights.safetensors")).mtimeMs).toBe(imported);
  });

  it("fails the run on a truncated file, naming it, and leaves nothing in the cache", async () => {
    const bytes = readFileSync(join(dir, "tiny-imagenet.pth"));
    writeFileSync(join(dir, "cut.pth"), bytes.subarray(0, 5000));
    writeFileSync(join(dir, "cut.thtl"), source("cut.pth"));
    const before = readdirSync(join(dir, ".cache/thtl/weights"));
    const result = await thtl("run", "cut.thtl", "--backend", "cpu", "--json", "--out", "cut-runs");
    expect(result.code).toBe(1);
    const end = events(result.out).find((e) => e.type === "run:end") as Extract<RunEvent, { type: "run:end" }>;
    expect(end).toMatchObject({ status: "failed" });
    expect(JSON.stringify(end)).toContain(`THTL4002: cannot read the weights '${join(dir, "cut.pth")}': its end-of-archive record is missing (the file is truncated or not a zip archive)`);
    expect(readdirSync(join(dir, ".cache/thtl/weights"))).toEqual(before);
    expect(existsSync(join(dir, "cut-runs"))).toBe(true);
  });
});
