import { densenet121 } from "../../src/models/archs/densenet.js";
import { efficientnetB0 } from "../../src/models/archs/efficientnet.js";
import { inceptionV3 } from "../../src/models/archs/inception-v3.js";
import { mobilenetV2 } from "../../src/models/archs/mobilenet-v2.js";
import { resnet18, resnet34, resnet50 } from "../../src/models/archs/resnet.js";
import { vgg16 } from "../../src/models/archs/vgg.js";
import { xception } from "../../src/models/archs/xception.js";
import { smallestInput } from "../../src/models/build-graph.js";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ARCHITECTURE_NAMES, defaultOptions, getArchitecture, getLayerGraph } from "../../src/models/catalogue.js";
import type { DescribeOptions } from "../../src/models/types.js";

// Learnable parameters with a 1000-class classifier at the default input: PyTorch's count and
// Keras's "trainable params" (EfficientNet-B0 without its preprocessing layers).
const PUBLISHED: Record<string, number> = {
  resnet18: 11_689_512,
  resnet34: 21_797_672,
  resnet50: 25_583_592,
  vgg16: 138_357_544,
  densenet121: 7_978_856,
  mobilenet_v2: 3_504_872,
  efficientnet_b0: 5_288_548,
  inception_v3: 23_817_352,
  xception: 22_855_952,
};

function arch(name: string) {
  const info = getArchitecture(name);
  if (!info) throw new Error(`no architecture ${name}`);
  return info;
}

test("the catalogue has the nine architectures, in order", () => {
  expect(ARCHITECTURE_NAMES).toEqual(Object.keys(PUBLISHED));
  expect(getArchitecture("resnet101")).toBeUndefined();
});

describe.each(ARCHITECTURE_NAMES)("%s", (name) => {
  const info = arch(name);
  const summary = info.describe(defaultOptions(info));
  const graph = getLayerGraph(name, defaultOptions(info));

  test("has the published parameter count", () => {
    expect(summary.totalParams).toBe(PUBLISHED[name]);
    expect(summary.groups.reduce((sum, group) => sum + group.params, 0)).toBe(summary.totalParams);
  });

  test("lists its groups in model order, ending with head = the classifier (and dropout)", () => {
    expect(summary.groups.map((group) => group.name)).toEqual(info.groups);
    expect(info.groups.at(-1)).toBe("head");
    const head = summary.groups.at(-1)!;
    expect(head.layers.map((layer) => [layer.path, layer.name, layer.type])).toEqual([
      ["head.fc", "predictions", "dense"],
    ]);
    const withDropout = info.describe({ ...defaultOptions(info), dropout: 0.3 });
    expect(withDropout.groups.at(-1)!.layers.map((layer) => layer.path)).toEqual(["head.dropout", "head.fc"]);
    expect(withDropout.totalParams).toBe(summary.totalParams);
  });

  test("every layer has a unique name and a unique path inside its group; groups are contiguous", () => {
    const names = graph.layers.map((layer) => layer.name);
    expect(new Set(names).size).toBe(names.length);
    const paths = graph.layers.map((layer) => layer.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const layer of graph.layers) expect(layer.path.startsWith(`${layer.group}.`)).toBe(true);
    const order = graph.layers.map((layer) => layer.group).filter((group, i, all) => group !== all[i - 1]);
    expect(order).toEqual(info.groups);
  });

  test("every layer reads only layers built before it", () => {
    const seen = new Set([graph.input.name]);
    for (const layer of graph.layers) {
      for (const input of layer.inputs) expect(seen.has(input), `${layer.name} reads ${input}`).toBe(true);
      seen.add(layer.name);
    }
    expect(graph.output).toBe("predictions");
  });

  test("accepts its minimum input and refuses one pixel less", () => {
    const { height, width } = info.minInput;
    const options = (size: number): DescribeOptions => ({
      ...defaultOptions(info),
      classes: 2,
      input: { height: size, width: size, channels: 3 },
    });
    expect(info.describe(options(height)).totalParams).toBeGreaterThan(0);
    expect(width).toBe(height);
    if (height > 1) {
      expect(() => info.describe(options(height - 1))).toThrow(
        `${name} needs an input of at least ${height}x${height}, got ${height - 1}x${height - 1}`,
      );
    }
  });
});

test("minimum inputs follow from the spatial reductions (InceptionV3 needs 75x75)", () => {
  const definitions = [
    resnet18,
    resnet34,
    resnet50,
    vgg16,
    densenet121,
    mobilenetV2,
    efficientnetB0,
    inceptionV3,
    xception,
  ];
  for (const definition of definitions)
    expect(arch(definition.name).minInput, definition.name).toEqual(smallestInput(definition));
  const minimum = Object.fromEntries(ARCHITECTURE_NAMES.map((name) => [name, arch(name).minInput.height]));
  expect(minimum).toEqual({
    resnet18: 1,
    resnet34: 1,
    resnet50: 1,
    vgg16: 32,
    densenet121: 29,
    mobilenet_v2: 1,
    efficientnet_b0: 1,
    inception_v3: 75,
    xception: 7,
  });
});

test("resnet paths and Keras names line up as in torchvision and Keras Applications", () => {
  const layers = (name: string) =>
    arch(name)
      .describe(defaultOptions(arch(name)))
      .groups.flatMap((group) => group.layers);
  const byPath = (name: string) => new Map(layers(name).map((layer) => [layer.path, layer.name]));
  const r50 = byPath("resnet50");
  expect(r50.get("stem.conv1")).toBe("conv1_conv");
  expect(r50.get("layer1.0.conv1")).toBe("conv2_block1_1_conv");
  expect(r50.get("layer2.0.downsample.0")).toBe("conv3_block1_0_conv");
  expect(r50.get("layer4.2.bn3")).toBe("conv5_block3_3_bn");
  const r18 = byPath("resnet18");
  expect(r18.get("layer4.1.conv2")).toBe("conv5_block2_2_conv");
  expect(r18.get("layer2.0.downsample.1")).toBe("conv3_block1_0_bn");
  expect(r18.has("layer1.0.downsample.0")).toBe(false);
  expect(byPath("densenet121").get("transition1.conv")).toBe("pool2_conv");
  expect(byPath("inception_v3").get("mixed10.branch3x3_concat")).toBe("mixed9_1");
  expect(byPath("inception_v3").get("stem.Conv2d_1a_3x3.conv")).toBe("conv2d");
  expect(byPath("xception").get("block13.residual.conv")).toBe("conv2d_3");
  expect(byPath("mobilenet_v2").get("block1.0.project")).toBe("expanded_conv_project");
  expect(byPath("efficientnet_b0").get("block6.3.se_excite")).toBe("block6d_se_excite");
});

test("width scales channels: resnet18 at width 0.5 with 10 classes, counted by hand", () => {
  const info = arch("resnet18");
  const options: DescribeOptions = {
    width: 0.5,
    input: { height: 64, width: 64, channels: 1 },
    classes: 10,
    dropout: 0,
  };
  const bn = (c: number) => 2 * c;
  let expected = 7 * 7 * 1 * 32 + bn(32);
  let previous = 32;
  for (const c of [32, 64, 128, 256]) {
    const projection = previous !== c ? previous * c + bn(c) : 0;
    expected += 9 * previous * c + bn(c) + 9 * c * c + bn(c) + projection;
    expected += 2 * (9 * c * c + bn(c));
    previous = c;
  }
  expected += 256 * 10 + 10;
  expect(info.describe(options).totalParams).toBe(expected);
});

test("vgg16's fully connected layers follow the input size", () => {
  const info = arch("vgg16");
  const at = (size: number) =>
    info.describe({ ...defaultOptions(info), input: { height: size, width: size, channels: 3 } });
  const fc1 = (size: number) =>
    at(size)
      .groups.find((group) => group.name === "classifier")!
      .layers.find((layer) => layer.name === "fc1")!.params;
  expect(fc1(224)).toBe(7 * 7 * 512 * 4096 + 4096);
  expect(fc1(64)).toBe(2 * 2 * 512 * 4096 + 4096);
});

test("bad options are refused with a message naming the architecture", () => {
  const info = arch("resnet18");
  expect(() => info.describe({ ...defaultOptions(info), width: 0 })).toThrow("resnet18: width must be positive, got 0");
  expect(() => info.describe({ ...defaultOptions(info), classes: 0 })).toThrow(
    "resnet18: classes must be a positive integer, got 0",
  );
  expect(() => getLayerGraph("resnet19", defaultOptions(info))).toThrow("unknown architecture 'resnet19'");
});

test("nothing under src/models imports TensorFlow.js", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) =>
      statSync(join(dir, entry)).isDirectory() ? files(join(dir, entry)) : [join(dir, entry)],
    );
  const offenders = files("src/models").filter((file) =>
    /from\s+["']@tensorflow|import\(["']@tensorflow/.test(readFileSync(file, "utf8")),
  );
  expect(offenders).toEqual([]);
});
