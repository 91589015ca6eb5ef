import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, expect, test } from "vitest";
import { recordingIO } from "../../../src/util/io.js";
import { main } from "../../../src/cli/main.js";
import { exportLayersModel } from "../../../src/runtime/export.js";
import { buildModel, runBuildOptions } from "../../../src/runtime/models/build-model.js";
import { planOf } from "../../compile/helpers.js";
import { cpuTf, tempDirs } from "../helpers.js";

const tempDir = tempDirs("thtl-cam-cli-");
let dir: string;

const program = `version 1
model small { arch resnet18; width 0.125 }
domain lesions { data synth larynx 40; classes benign, malignant; split 50/50 seed 1; image 32x32 }
experiment study { models small; chain scratch -> lesions with s }
schedule s { stage head { train head; epochs 1 } }
`;

/** A finished run's folder as `thtl run` leaves it: plan.json and the exported model/. */
beforeAll(async () => {
  const tf = await cpuTf();
  dir = tempDir();
  const plan = planOf(program);
  const run = plan.runs[0]!;
  const runDir = join(dir, "runs/study/small/seed1");
  const built = buildModel(tf, "resnet18", runBuildOptions(run, 2, 3));
  await exportLayersModel(tf, built.model, join(runDir, "model"));
  built.model.dispose();
  writeFileSync(join(runDir, "plan.json"), JSON.stringify(plan));
  for (const [name, shade] of [
    ["a.png", 40],
    ["b.png", 200],
  ] as const) {
    const pixels = Buffer.from(Array.from({ length: 48 * 40 * 3 }, (_, i) => (i * 7 + shade) % 256));
    await sharp(pixels, { raw: { width: 40, height: 48, channels: 3 } })
      .png()
      .toFile(join(dir, name));
  }
}, 60_000);

test("maps of a run's model: files per image and layer, the fusion, a grid per class", async () => {
  const record = recordingIO({ cwd: dir });
  const code = await main(
    [
      "cam",
      "runs/study/small/seed1",
      "a.png",
      "b.png",
      "--layer",
      "layer2,layer3",
      "--class",
      "malignant",
      "--out",
      "maps",
      "--backend",
      "cpu",
    ],
    record.io,
  );
  expect(record.err).toBe("");
  expect(code).toBe(0);
  const lines = record.out.split("\n");
  expect(lines[0]).toMatch(
    /^a\.png: malignant \(p 0\.\d{4}\) -> maps\/a\.layer2\.png, maps\/a\.layer3\.png, maps\/a\.fused\.png$/,
  );
  expect(lines[1]).toMatch(
    /^b\.png: malignant \(p 0\.\d{4}\) -> maps\/b\.layer2\.png, maps\/b\.layer3\.png, maps\/b\.fused\.png$/,
  );
  expect(lines.slice(2)).toEqual(["grid: maps/grid.malignant.png", ""]);
  // The plan's 32x32 input: 40x48 images are covered and centre-cropped; maps are 32x32 float32.
  const npy = readFileSync(join(dir, "maps/a.layer2.npy"));
  expect(npy.subarray(10, 71).toString("latin1")).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (32, 32), }");
  expect(npy.length).toBe(128 + 32 * 32 * 4);
  for (const file of ["a.layer3.npy", "a.fused.npy", "b.fused.png", "grid.malignant.png"])
    expect(existsSync(join(dir, "maps", file)), file).toBe(true);
  const json = recordingIO({ cwd: dir });
  expect(
    await main(
      [
        "cam",
        "runs/study/small/seed1",
        "a.png",
        "--layer",
        "layer2",
        "--class",
        "1",
        "--out",
        "maps",
        "--backend",
        "cpu",
        "--json",
      ],
      json.io,
    ),
  ).toBe(0);
  const document = JSON.parse(json.out);
  const schema = JSON.parse(readFileSync(new URL("../../../schema/cam-output.schema.json", import.meta.url), "utf8"));
  const validate = new Ajv2020({ strict: true }).compile(schema);
  expect(validate(document)).toBe(true);
  expect(validate({ ...document, metrics: { layer2: { images: 1, deletion: 2 } } })).toBe(false);
  expect(document.images[0].class).toBe("malignant");
  expect(document.images[0].maps.layer2).toEqual({
    npy: join(dir, "maps/a.layer2.npy"),
    png: join(dir, "maps/a.layer2.png"),
  });
  expect(document.grids).toEqual([join(dir, "maps/grid.malignant.png")]);
  expect(document.metrics).toBeNull();
  const png = await sharp(join(dir, "maps/a.layer2.png")).metadata();
  expect(png.height).toBe(24 + 32 * 5);
});

test("--size and --native size the maps; --metrics prints the faithfulness table", async () => {
  const record = recordingIO({ cwd: dir });
  expect(
    await main(
      [
        "cam",
        "runs/study/small/seed1/model",
        "a.png",
        "--layer",
        "layer1",
        "--native",
        "--metrics",
        "--out",
        "native",
        "--backend",
        "cpu",
      ],
      record.io,
    ),
  ).toBe(0);
  expect(readFileSync(join(dir, "native/a.layer1.npy")).subarray(10, 71).toString("latin1")).toBe(
    "{'descr': '<f4', 'fortran_order': False, 'shape': (48, 40), }",
  );
  const table = record.out.split("\n\n")[1]!.split("\n");
  const withMetrics = recordingIO({ cwd: dir });
  expect(
    await main(
      [
        "cam",
        "runs/study/small/seed1",
        "a.png",
        "--layer",
        "layer1",
        "--metrics",
        "--json",
        "--out",
        "native",
        "--backend",
        "cpu",
      ],
      withMetrics.io,
    ),
  ).toBe(0);
  const schema = JSON.parse(readFileSync(new URL("../../../schema/cam-output.schema.json", import.meta.url), "utf8"));
  expect(new Ajv2020({ strict: true }).compile(schema)(JSON.parse(withMetrics.out))).toBe(true);
  expect(table[0]).toBe("layer   images  deletion  insertion  avg_drop  increase");
  expect(table[1]).toMatch(/^layer1 {7}1 {4}0\.\d{4} {5}0\.\d{4} {2,}\d+\.\d{2} {2,}(0|100)\.00$/);
  // More images than a batch: progress on stderr, one line per batch when it is not a terminal.
  const progress = recordingIO({ cwd: dir });
  expect(
    await main(
      [
        "cam",
        "runs/study/small/seed1",
        "a.png",
        "b.png",
        "--layer",
        "layer1",
        "--batch",
        "1",
        "--out",
        "progress",
        "--backend",
        "cpu",
      ],
      progress.io,
    ),
  ).toBe(0);
  expect(progress.err).toBe("maps: 1/2 images\nmaps: 2/2 images\n");
  const sized = recordingIO({ cwd: dir });
  expect(
    await main(
      [
        "cam",
        "runs/study/small/seed1",
        "b.png",
        "--layer",
        "layer1",
        "--size",
        "40x36",
        "--out",
        "sized",
        "--backend",
        "cpu",
      ],
      sized.io,
    ),
  ).toBe(0);
  expect(readFileSync(join(dir, "sized/b.layer1.npy")).subarray(10, 71).toString("latin1")).toBe(
    "{'descr': '<f4', 'fortran_order': False, 'shape': (40, 36), }",
  );
});

test("a wrong layer lists the groups; a wrong class, the classes", async () => {
  const layer = recordingIO({ cwd: dir });
  expect(
    await main(["cam", "runs/study/small/seed1", "a.png", "--layer", "layer9", "--backend", "cpu"], layer.io),
  ).toBe(1);
  expect(layer.err).toBe(
    "thtl cam: the model has no group or layer 'layer9': its groups are stem, layer1, layer2, layer3, layer4, head, or name a layer\n",
  );
  const head = recordingIO({ cwd: dir });
  expect(await main(["cam", "runs/study/small/seed1", "a.png", "--layer", "head", "--backend", "cpu"], head.io)).toBe(
    1,
  );
  expect(head.err).toBe(
    "thtl cam: group 'head' has no layer with a feature map (height x width x channels) to map; map a group before it\n",
  );
  const cls = recordingIO({ cwd: dir });
  expect(
    await main(
      ["cam", "runs/study/small/seed1", "a.png", "--layer", "layer4", "--class", "polyp", "--backend", "cpu"],
      cls.io,
    ),
  ).toBe(2);
  expect(cls.err.split("\n")[0]).toBe(
    "thtl cam: --class 'polyp' is not one of the model's classes (benign, malignant), an index below 2, or 'predicted'",
  );
  const folder = recordingIO({ cwd: dir });
  expect(await main(["cam", ".", "a.png", "--layer", "layer4", "--backend", "cpu"], folder.io)).toBe(1);
  expect(folder.err).toBe(
    `thtl cam: '${dir}' is neither a run folder (with plan.json and model/) nor a model folder (with thtl-weights.json)\n`,
  );
});
