import { expect, test } from "vitest";
import { recordingIO } from "../../src/util/io.js";
import { main } from "../../src/cli/main.js";
import { ARCHITECTURE_NAMES } from "../../src/models/catalogue.js";

async function models(...args: string[]) {
  const record = recordingIO();
  const code = await main(["models", ...args], record.io);
  return { code, out: record.out, err: record.err };
}

test("lists every architecture with inputs, parameters and groups", async () => {
  const { code, out, err } = await models();
  expect(code).toBe(0);
  expect(err).toBe("");
  const lines = out.trimEnd().split("\n");
  expect(lines[0]).toBe("ARCH             VARIANT      INPUT    MIN         PARAMS  GROUPS");
  expect(lines[1]).toBe(
    "resnet18         torchvision  224x224  1x1     11,689,512  stem layer1 layer2 layer3 layer4 head",
  );
  expect(lines[3]).toBe(
    "resnet50         keras        224x224  1x1     25,583,592  stem layer1 layer2 layer3 layer4 head",
  );
  expect(lines[4]).toBe(
    "resnet50         torchvision  224x224  1x1     25,557,032  stem layer1 layer2 layer3 layer4 head",
  );
  expect(lines[13]).toBe(
    "inception_v3     keras        299x299  75x75   23,817,352  stem mixed0 mixed1 mixed2 mixed3 mixed4 mixed5 mixed6 mixed7 mixed8 mixed9 mixed10 head",
  );
  expect(lines[14]).toMatch(/^inception_v3 {5}torchvision {2}299x299 {2}75x75 {3}23,834,568 {2}stem /);
  expect([...new Set(lines.slice(1).map((line) => line.split(" ")[0]))]).toEqual([...ARCHITECTURE_NAMES]);
});

test("shows one architecture's groups with layer counts and parameters", async () => {
  const { code, out } = await models("resnet18");
  expect(code).toBe(0);
  expect(out).toBe(
    [
      "resnet18 (torchvision): ResNet-18, torchvision BasicBlock",
      "input 224x224 (default 224x224, minimum 1x1), width 1, 1000 classes",
      "",
      "GROUP   LAYERS      PARAMS",
      "stem         6       9,536",
      "layer1      14     147,968",
      "layer2      17     525,568",
      "layer3      17   2,099,712",
      "layer4      18   8,393,728",
      "head         1     513,000",
      "total       73  11,689,512",
      "",
    ].join("\n"),
  );
});

test("--layers lists paths for selectors, with the options applied", async () => {
  const { code, out } = await models("resnet18", "--layers", "--width", "0.5", "--classes", "3", "--input", "64x64");
  expect(code).toBe(0);
  const lines = out.split("\n");
  expect(lines[1]).toBe("input 64x64 (default 224x224, minimum 1x1), width 0.5, 3 classes");
  expect(lines[3]).toBe("PATH                   NAME                 TYPE              PARAMS");
  expect(lines).toContain("stem.conv1             conv1_conv           conv2d             4,704");
  expect(lines).toContain("head.fc                predictions          dense                771");
});

test("--json gives the catalogue to machines", async () => {
  const all = JSON.parse((await models("--json")).out);
  expect(all.map((entry: { name: string }) => entry.name)).toEqual([...ARCHITECTURE_NAMES]);
  expect(all[3]).toMatchObject({ name: "vgg16", minInput: { height: 32, width: 32 }, totalParams: 138_357_544 });
  expect(all[2].variants).toEqual([
    { variant: "keras", totalParams: 25_583_592 },
    { variant: "torchvision", totalParams: 25_557_032 },
  ]);
  const one = JSON.parse((await models("densenet121", "--json", "--classes", "2")).out);
  expect(one.options.classes).toBe(2);
  expect(one.groups.at(-1)).toEqual({
    name: "head",
    layers: [{ path: "head.fc", name: "predictions", type: "dense", params: 1024 * 2 + 2 }],
    params: 2050,
    singleTensorOutput: false,
  });
});

test("mistakes are usage errors that say what to do", async () => {
  const unknown = await models("resnet19");
  expect(unknown.code).toBe(2);
  expect(unknown.err.split("\n")[0]).toBe(
    "thtl models: unknown architecture 'resnet19'; the architectures are resnet18, resnet34, resnet50, vgg16, densenet121, mobilenet_v2, efficientnet_b0, inception_v3, xception",
  );
  const small = await models("inception_v3", "--input", "64x64");
  expect(small.code).toBe(2);
  expect(small.err.split("\n")[0]).toBe("thtl models: inception_v3 needs an input of at least 75x75, got 64x64");
  const badInput = await models("resnet18", "--input", "64");
  expect(badInput.err.split("\n")[0]).toBe("thtl models: --input must be HEIGHTxWIDTH such as 64x64, got '64'");
  expect(small.out + badInput.out).toBe("");
});

test("--variant picks a framework's build; one the architecture lacks is a usage error", async () => {
  const torch = await models("resnet50", "--variant", "torchvision", "--layers");
  expect(torch.code).toBe(0);
  expect(torch.out.split("\n")[0]).toBe("resnet50 (torchvision): ResNet-50: Keras Applications v1 or torchvision v1.5");
  expect(torch.out).toContain("layer2.0.pad2          conv3_block1_2_pad   zeropad                  0");
  const none = await models("xception", "--variant", "torchvision");
  expect(none.code).toBe(2);
  expect(none.err).toContain("thtl models: xception has no variant 'torchvision'; its variants are keras");
});
