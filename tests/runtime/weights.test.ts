import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportLayersModel } from "../../src/runtime/export.js";
import { buildModel } from "../../src/runtime/models/build-model.js";
import type { TfNamespace } from "../../src/runtime/tf.js";
import { loadWeights, resolveWeightsPath } from "../../src/runtime/weights/load-weights.js";
import { cpuTf, run, tinyFactory } from "./helpers.js";

let tf: TfNamespace;
let dir: string;
beforeAll(async () => {
  tf = await cpuTf();
  dir = mkdtempSync(join(tmpdir(), "thtl-weights-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const weightsOf = (model: { weights: { originalName: string; read(): { dataSync(): ArrayLike<number> } }[] }) =>
  Object.fromEntries(model.weights.map((w) => [w.originalName, Array.from(w.read().dataSync())]));

/** A safetensors file: 8-byte little-endian header length, JSON header, raw little-endian data. */
function writeSafetensors(
  path: string,
  tensors: Record<string, { shape: number[]; values: Float32Array; dtype?: string }>,
) {
  let offset = 0;
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  const parts: Buffer[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const bytes =
      t.dtype === "I64" ? Buffer.from(new BigInt64Array(t.values.length).buffer) : Buffer.from(t.values.buffer);
    header[name] = { dtype: t.dtype ?? "F32", shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    parts.push(bytes);
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(path, Buffer.concat([length, json, ...parts]));
}

const ramp = (n: number, scale = 1) => Float32Array.from({ length: n }, (_, i) => (i + 1) * scale);

describe("layers-model folders", () => {
  it("loads an exported model by layer name, skipping the classifier when asked", async () => {
    const source = await tinyFactory(tf)(run("a/b/seed1", []), 3, 1);
    await exportLayersModel(tf, source.model, join(dir, "exported"));
    const target = await tinyFactory(tf)(run("a/b/seed1", []), 2, 7);
    const report = loadWeights(tf, target, join(dir, "exported"), new Set(["predictions"]));
    expect(report).toEqual({
      path: join(dir, "exported"),
      loaded: ["conv1_conv", "conv1_bn", "l1_conv", "l1_bn"],
      missing: [],
      unexpected: [],
      skipped: ["predictions"],
    });
    const [a, b] = [weightsOf(source.model), weightsOf(target.model)];
    expect(b["l1_conv/kernel"]).toEqual(a["l1_conv/kernel"]);
    expect(b["conv1_bn/moving_variance"]).toEqual(a["conv1_bn/moving_variance"]);
  });

  it("fails on a shape mismatch, naming the layer and both shapes", async () => {
    const source = await tinyFactory(tf)(run("a/b/seed1", []), 3, 1);
    await exportLayersModel(tf, source.model, join(dir, "three"));
    const target = await tinyFactory(tf)(run("a/b/seed1", []), 2, 1);
    expect(() => loadWeights(tf, target, join(dir, "three"), new Set())).toThrow(
      `cannot load '${join(dir, "three")}': layer 'predictions' weight 'predictions/kernel' has shape [4, 3] there but [4, 2] in the model`,
    );
  });
});

describe("safetensors with torchvision names", () => {
  it("maps names and transposes conv (OIHW -> HWIO) and dense ((out, in) -> (in, out)) kernels", async () => {
    const path = join(dir, "tiny.safetensors");
    writeSafetensors(path, {
      "conv1.weight": { shape: [4, 3, 3, 3], values: ramp(108) },
      "conv1.bias": { shape: [4], values: ramp(4) },
      "bn1.weight": { shape: [4], values: ramp(4, 2) },
      "bn1.bias": { shape: [4], values: ramp(4, 3) },
      "bn1.running_mean": { shape: [4], values: ramp(4, 4) },
      "bn1.running_var": { shape: [4], values: ramp(4, 5) },
      "bn1.num_batches_tracked": { shape: [], values: new Float32Array(1), dtype: "I64" },
      "fc.weight": { shape: [2, 4], values: ramp(8) },
      "fc.bias": { shape: [2], values: ramp(2) },
      "extra.weight": { shape: [1], values: ramp(1) },
    });
    const target = await tinyFactory(tf)(run("a/b/seed1", []), 2, 1);
    const report = loadWeights(tf, target, join(dir, "tiny"), new Set());
    expect(report).toEqual({
      path,
      loaded: ["conv1_conv", "conv1_bn", "predictions"],
      missing: ["l1_conv", "l1_bn"],
      unexpected: ["extra.weight"],
      skipped: [],
    });
    const w = weightsOf(target.model);
    // kernel[h][w][i][o] = torch[o][i][h][w] = ((o*3 + i)*3 + h)*3 + w + 1
    const kernel = w["conv1_conv/kernel"]!;
    const at = (h: number, x: number, i: number, o: number) => kernel[((h * 3 + x) * 3 + i) * 4 + o];
    expect(at(0, 0, 0, 1)).toBe(28);
    expect(at(2, 1, 2, 3)).toBe(((3 * 3 + 2) * 3 + 2) * 3 + 1 + 1);
    expect(w["conv1_bn/moving_variance"]).toEqual([5, 10, 15, 20]);
    expect(w["conv1_bn/gamma"]).toEqual([2, 4, 6, 8]);
    // dense kernel[in][out] = torch[out][in] = out*4 + in + 1
    expect(w["predictions/kernel"]).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
  });

  it("maps every torchvision ResNet18 name, downsample branches included", async () => {
    const built = buildModel(tf, "resnet18", {
      width: 0.125,
      input: { height: 32, width: 32, channels: 3 },
      classes: 2,
      dropout: 0,
      seed: 1,
    });
    const tensors: Record<string, { shape: number[]; values: Float32Array }> = {};
    for (const info of built.layers) {
      const layer = built.model.getLayer(info.name);
      if (layer.weights.length === 0) continue;
      const module = info.path.replace(/^(stem|head)\./, "");
      for (const weight of layer.weights) {
        const shape = weight.shape as number[];
        const kind = weight.originalName.split("/")[1]!;
        const torchShape =
          shape.length === 4
            ? [shape[3]!, shape[2]!, shape[0]!, shape[1]!]
            : shape.length === 2
              ? [shape[1]!, shape[0]!]
              : shape;
        const param = {
          kernel: "weight",
          bias: "bias",
          gamma: "weight",
          beta: "bias",
          moving_mean: "running_mean",
          moving_variance: "running_var",
        }[kind]!;
        tensors[`${module}.${param}`] = {
          shape: torchShape,
          values: ramp(
            shape.reduce((a, b) => a * b, 1),
            0.001,
          ),
        };
      }
    }
    expect(Object.keys(tensors)).toEqual(
      expect.arrayContaining([
        "conv1.weight",
        "bn1.running_var",
        "layer2.0.downsample.0.weight",
        "layer2.0.downsample.1.weight",
        "layer4.1.conv2.weight",
        "fc.weight",
        "fc.bias",
      ]),
    );
    writeSafetensors(join(dir, "resnet18.safetensors"), tensors);
    const report = loadWeights(tf, built, join(dir, "resnet18.safetensors"), new Set());
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.loaded).toContain("conv3_block1_0_conv");
    expect(Array.from(built.model.getLayer("conv3_block1_0_bn").getWeights()[3]!.dataSync()).slice(0, 2)).toEqual(
      [0.001, 0.002].map(Math.fround),
    );
    built.model.dispose();
  });
});

describe("resolveWeightsPath", () => {
  it("tries the layers-model folder first, then the path with .safetensors added", () => {
    mkdirSync(join(dir, "both"));
    writeFileSync(join(dir, "both", "model.json"), "{}");
    writeFileSync(join(dir, "both.safetensors"), "");
    expect(resolveWeightsPath(join(dir, "both"))).toEqual({ kind: "layers", path: join(dir, "both") });
    writeFileSync(join(dir, "only.safetensors"), "");
    expect(resolveWeightsPath(join(dir, "only"))).toEqual({ kind: "safetensors", path: join(dir, "only.safetensors") });
    expect(() => resolveWeightsPath(join(dir, "none"))).toThrow(
      `cannot find the weights '${join(dir, "none")}': it is not a .pth, .pt, .h5 or .safetensors file, a folder made by \`thtl weights import\` or a TensorFlow.js layers-model folder, and there is no '${join(dir, "none")}.safetensors' (docs/weights.md shows the two ways to get weights: \`thtl weights fetch\` and \`thtl weights import\`)`,
    );
  });
});
