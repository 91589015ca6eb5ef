import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { readKerasH5 } from "../../src/weights/formats/h5.js";
import { readSafetensors } from "../../src/weights/safetensors.js";
import { tempDirs } from "../runtime/helpers.js";
import { kerasLayers, writeKerasH5, type H5Layer } from "./keras-h5.js";
import { python, sameBits } from "./python.js";

const temp = tempDirs("thtl-keras-");
let dir: string;
beforeAll(() => {
  dir = temp();
});

const run = async (args: string[]) => {
  const record = recordingIO({ cwd: dir });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
};

/** Every weight of the imported folder equals the file's weight that `fileName` names, bit for bit. */
function expectImported(out: string, layers: H5Layer[], fileName: (model: string) => string) {
  const written = new Map(layers.flatMap((l) => l.weights).map((w) => [w.name, w]));
  const imported = readSafetensors(join(dir, out, "weights.safetensors"));
  expect(imported).toHaveLength(written.size);
  for (const t of imported) {
    const source = written.get(fileName(t.name))!;
    expect(source, t.name).toBeDefined();
    expect(t.shape).toEqual(source.shape);
    expect(sameBits(t.values, source.values), t.name).toBe(true);
  }
}

describe("Keras Applications .h5 files", () => {
  it("imports MobileNetV2 with its top by layer name, bit for bit", async () => {
    const layers = kerasLayers("mobilenet_v2", { top: true });
    await writeKerasH5(join(dir, "mobilenet_v2.h5"), layers, { extra: ["input_1", "Conv1_pad"], split: 40 });
    const result = await run(["weights", "import", "mobilenet_v2.h5", "--arch", "mobilenet_v2"]);
    expect(result.err).toBe("");
    expect(result.out).toMatch(/^imported mobilenet_v2\.h5 \(keras, sha256 [0-9a-f]{8}\.\.\.\) as mobilenet_v2 into mobilenet_v2\/\n {2}classes {6}1000 \(ImageNet\)\n {2}loaded {7}\d+ layers\n {2}missing {6}none\n {2}unexpected {3}none\n$/);
    expectImported("mobilenet_v2", layers, (name) => `${name}:0`);
    const metadata = JSON.parse(readFileSync(join(dir, "mobilenet_v2", "thtl-weights.json"), "utf8"));
    expect(metadata).toMatchObject({ framework: "keras", variant: "keras", top: true, input: { height: 224, width: 224, channels: 3 }, normalization: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], source: "tf" } });
  });

  it("imports a file without top as a backbone", async () => {
    const layers = kerasLayers("mobilenet_v2", { top: false });
    await writeKerasH5(join(dir, "mobilenet_v2_no_top.h5"), layers);
    const result = await run(["weights", "import", "mobilenet_v2_no_top.h5", "--arch", "mobilenet_v2"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("  classes      none: the file has no classifier, so it is a backbone\n");
    expect(result.out).toContain("  missing      predictions\n");
    expectImported("mobilenet_v2_no_top", layers, (name) => `${name}:0`);
    const metadata = JSON.parse(readFileSync(join(dir, "mobilenet_v2_no_top", "thtl-weights.json"), "utf8"));
    expect([metadata.top, metadata.classCount, metadata.classes, metadata.evalTransform]).toEqual([false, null, [], undefined]);
  });

  it("matches InceptionV3's generated names (conv2d_1 ... in the published file) by position, and says so", async () => {
    // The published file counts from conv2d_1; a Keras session counts from conv2d.
    const shift = (name: string) => name.replace(/^(conv2d|batch_normalization)(?:_(\d+))?$/, (_, base, n) => `${base}_${Number(n ?? 0) + 1}`);
    const layers = kerasLayers("inception_v3", { top: true, rename: shift });
    await writeKerasH5(join(dir, "inception_v3.h5"), layers);
    const result = await run(["weights", "import", "inception_v3.h5", "--arch", "inception_v3"]);
    expect(result.err).toBe("");
    expect(result.out).toContain(
      "  by position  188: conv2d_1 -> conv2d, batch_normalization_1 -> batch_normalization, conv2d_2 -> conv2d_1, batch_normalization_2 -> batch_normalization_1, ... (all in thtl-weights.json) (Keras generated these names; matched in order, as Keras loads)\n",
    );
    const unshift = (name: string) => {
      const [layer, weight] = [name.slice(0, name.lastIndexOf("/")), name.slice(name.lastIndexOf("/") + 1)];
      return `${shift(layer)}/${weight}:0`;
    };
    expectImported("inception_v3", layers, unshift);
  });

  it("matches Xception's unnamed shortcut convolutions by position, the named layers by name", async () => {
    const shift = (name: string) => name.replace(/^(conv2d|batch_normalization)(?:_(\d+))?$/, (_, base, n) => `${base}_${Number(n ?? 0) + 1}`);
    const layers = kerasLayers("xception", { top: false, rename: shift });
    await writeKerasH5(join(dir, "xception_notop.h5"), layers);
    const result = await run(["weights", "import", "xception_notop.h5", "--arch", "xception"]);
    expect(result.err).toBe("");
    expect(result.out).toContain(
      "  by position  8: conv2d_1 -> conv2d, batch_normalization_1 -> batch_normalization, conv2d_2 -> conv2d_1, batch_normalization_2 -> batch_normalization_1, ... (all in thtl-weights.json) (Keras generated these names; matched in order, as Keras loads)\n",
    );
    const unshift = (name: string) => `${shift(name.slice(0, name.lastIndexOf("/")))}/${name.slice(name.lastIndexOf("/") + 1)}:0`;
    expectImported("xception_notop", layers, unshift);
  });

  it("reads DenseNet's old names (conv1/conv, nested groups) and Keras 3's (conv1_conv) alike", async () => {
    const modern = kerasLayers("densenet121", { top: false, rename: (name) => name.replace("/", "_") });
    await writeKerasH5(join(dir, "densenet_modern.h5"), modern);
    expect((await run(["weights", "import", "densenet_modern.h5", "--arch", "densenet121"])).code).toBe(0);
    expectImported("densenet_modern", modern, (name) => `${name.replace("conv1/", "conv1_")}:0`);
    const old = kerasLayers("densenet121", { top: false });
    expect(old[0]!.name).toBe("conv1/conv");
    await writeKerasH5(join(dir, "densenet_old.h5"), old);
    const tensors = await readKerasH5(join(dir, "densenet_old.h5"));
    expect(tensors[0]!.name).toBe("conv1/conv/kernel:0");
  });

  it("reads names stored as Keras stores them (h5py, fixed-length byte strings)", async () => {
    python(
      `
import h5py, numpy as np
f = h5py.File("bytes.h5", "w")
f.attrs["layer_names"] = np.array([b"input_1", b"conv1/conv", b"fc"])
f.create_group("input_1").attrs["weight_names"] = np.array([], dtype="S")
g = f.create_group("conv1/conv"); g.attrs["weight_names"] = np.array([b"conv1/conv/kernel:0"])
g.create_dataset("conv1/conv/kernel:0", data=np.arange(6, dtype=np.float32).reshape(1, 2, 3))
g = f.create_group("fc"); g.attrs["weight_names"] = np.array([b"fc/kernel:0", b"fc/bias:0"])
g.create_dataset("fc/kernel:0", data=np.full((2, 2), 0.5, np.float32)); g.create_dataset("fc/bias:0", data=np.array([1, 2], np.float64))
f.close()
`,
      dir,
      "h5py",
    );
    const tensors = await readKerasH5(join(dir, "bytes.h5"));
    expect(tensors.map((t) => [t.name, t.shape, Array.from(t.values)])).toEqual([
      ["conv1/conv/kernel:0", [1, 2, 3], [0, 1, 2, 3, 4, 5]],
      ["fc/kernel:0", [2, 2], [0.5, 0.5, 0.5, 0.5]],
      ["fc/bias:0", [2], [1, 2]],
    ]);
  });

  it("names the file and the first layer that does not fit, and writes nothing", async () => {
    await writeKerasH5(join(dir, "mobilenet_v2.h5"), kerasLayers("mobilenet_v2", { top: true }));
    const result = await run(["weights", "import", "mobilenet_v2.h5", "--arch", "resnet50", "--out", "bad"]);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `thtl weights import: error THTL4022: cannot import '${join(dir, "mobilenet_v2.h5")}' as resnet50: the file has weights for 'Conv1', which resnet50 does not have; is it a file of another architecture?\nNothing was written.\n`,
    );
    const bytes = readFileSync(join(dir, "mobilenet_v2.h5"));
    writeFileSync(join(dir, "cut.h5"), bytes.subarray(0, bytes.length / 2));
    const cut = await run(["weights", "import", "cut.h5", "--arch", "mobilenet_v2"]);
    expect(cut.code).toBe(1);
    expect(cut.err).toMatch(
      /^thtl weights import: error THTL4002: cannot read the weights '.*cut\.h5': it is not an HDF5 file, or it is truncated \(truncated file: eof = \d+, .*\)\nNothing was written\.\n$/,
    );
    expect(existsSync(join(dir, "bad")) || existsSync(join(dir, "cut"))).toBe(false);
  });
});
