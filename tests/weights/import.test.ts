import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { recordingIO } from "../../src/util/io.js";
import { defaultOptions, getArchitecture, getLayerGraph } from "../../src/models/catalogue.js";
import { readSafetensors } from "../../src/weights/safetensors.js";
import { tempDirs } from "../runtime/helpers.js";
import { DUMP, python, readDump, sameBits } from "./python.js";

const temp = tempDirs("thtl-import-");
let dir: string;

beforeAll(() => {
  dir = temp();
  python(
    `${DUMP}
def randomise(m):
    for mod in m.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-1, 1); mod.running_var.uniform_(0.5, 2)
    return m
m = randomise(torchvision.models.resnet18())
torch.save(m.state_dict(), "resnet18-0000.pth")
torch.save(m.state_dict(), "resnet18-legacy.pth", _use_new_zipfile_serialization=False)
state = m.state_dict()
dump(state, "resnet18")
dump({k: (v.permute(2, 3, 1, 0) if v.dim() == 4 else v.t() if v.dim() == 2 else v) for k, v in state.items()}, "resnet18-hwio")
# safetensors as the safetensors package lays it out: 8-byte header length, JSON header, raw data.
header, blobs, offset = {}, [], 0
for k, v in state.items():
    b = v.contiguous().numpy().tobytes()
    header[k] = {"dtype": "I64" if v.dtype == torch.int64 else "F32", "shape": list(v.shape), "data_offsets": [offset, offset + len(b)]}
    blobs.append(b); offset += len(b)
h = json.dumps(header).encode()
open("resnet18.safetensors", "wb").write(len(h).to_bytes(8, "little") + h + b"".join(blobs))
torch.save(randomise(torchvision.models.resnet18(num_classes=3)).state_dict(), "three.pth")
torch.save(torchvision.models.resnet34().state_dict(), "resnet34.pth")
odd = torchvision.models.resnet18().state_dict()
odd["layer2.0.conv1.weight"] = torch.zeros(128, 64, 1, 1)
torch.save(odd, "odd.pth")
`,
    dir,
  );
});

const run = async (args: string[]) => {
  const record = recordingIO({ cwd: dir });
  const code = await main(args, record.io);
  return { code, out: record.out, err: record.err };
};

/** The file's name of each thtl weight, from the layer's torchvision path (`stem.conv1` -> `conv1`). */
function torchvisionNameOf(arch: string): Map<string, string> {
  const graph = getLayerGraph(arch, defaultOptions(getArchitecture(arch)!));
  const params: Record<string, string> = { kernel: "weight", gamma: "weight", bias: "bias", beta: "bias", moving_mean: "running_mean", moving_variance: "running_var" };
  const names = new Map<string, string>();
  for (const node of graph.layers) {
    const module = node.path.replace(/^(stem|head)\./, "");
    for (const [thtl, torch] of Object.entries(params)) names.set(`${node.name}/${thtl}`, `${module}.${torch}`);
  }
  return names;
}

describe("thtl weights import", () => {
  for (const file of ["resnet18-0000.pth", "resnet18-legacy.pth", "resnet18.safetensors"]) {
    it(`imports torchvision's ${file} bit for bit, with ImageNet's class names`, async () => {
      const result = await run(["weights", "import", file, "--arch", "resnet18", "--out", `out-${file}`]);
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      const sha = (JSON.parse(readFileSync(join(dir, `out-${file}`, "thtl-weights.json"), "utf8")) as { source: { sha256: string } }).source.sha256;
      expect(result.out).toBe(
        [
          `imported ${file} (torchvision, sha256 ${sha.slice(0, 8)}...) as resnet18 into out-${file}/`,
          "  classes      1000 (ImageNet)",
          "  loaded       41 layers",
          "  missing      none",
          "  unexpected   none",
          "",
        ].join("\n"),
      );
      const metadata = JSON.parse(readFileSync(join(dir, `out-${file}`, "thtl-weights.json"), "utf8"));
      expect(metadata).toMatchObject({
        format: "thtl-imported-weights",
        source: { file, bytes: readFileSync(join(dir, file)).length },
        framework: "torchvision",
        arch: "resnet18",
        variant: "torchvision",
        top: true,
        classCount: 1000,
        classNames: "imagenet",
        input: { height: 224, width: 224, channels: 3 },
        normalization: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], source: "imagenet" },
        evalTransform: { resize: 256, crop: 224 },
      });
      expect(metadata.classes.slice(0, 3)).toEqual(["tench", "goldfish", "great white shark"]);
      const imported = readSafetensors(join(dir, `out-${file}`, "weights.safetensors"));
      const expected = new Map(readDump(dir, "resnet18-hwio").map((t) => [t.name, t]));
      const names = torchvisionNameOf("resnet18");
      expect(imported).toHaveLength(expected.size - 20); // every tensor but the 20 num_batches_tracked
      for (const t of imported) {
        const source = expected.get(names.get(t.name)!)!;
        expect(t.shape, t.name).toEqual(source.shape);
        expect(sameBits(t.values, source.values), t.name).toBe(true);
      }
      expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    });
  }

  it("takes the class count from the file and the names from --classes", async () => {
    const result = await run(["weights", "import", "three.pth", "--arch", "resnet18", "--classes", "cat, dog,bird"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("  classes      3\n");
    const metadata = JSON.parse(readFileSync(join(dir, "three", "thtl-weights.json"), "utf8"));
    expect([metadata.classCount, metadata.classes, metadata.classNames]).toEqual([3, ["cat", "dog", "bird"], "given"]);
    const wrong = await run(["weights", "import", "three.pth", "--arch", "resnet18", "--classes", "a,b", "--out", "wrong"]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/^thtl weights: --classes: the file's classifier has 3 classes but 2 names were given\n/);
    expect(existsSync(join(dir, "wrong"))).toBe(false);
  });

  it("refuses to overwrite the output folder without --force", async () => {
    const again = await run(["weights", "import", "three.pth", "--arch", "resnet18"]);
    expect([again.code, again.err]).toEqual([1, "thtl weights import: 'three' exists: choose another --out, or pass --force to replace it\n"]);
    const forced = await run(["weights", "import", "three.pth", "--arch", "resnet18", "--force"]);
    expect(forced.code).toBe(0);
  });

  it("names the file and the first layer that does not fit, and writes nothing", async () => {
    const cases: [string, string, string][] = [
      [
        "resnet34.pth",
        "resnet18",
        `cannot import '${join(dir, "resnet34.pth")}' as resnet18: the file has weights for 'layer1.2.conv1', which resnet18 does not have; is it a file of another architecture?`,
      ],
      [
        "resnet18-0000.pth",
        "resnet34",
        `cannot import '${join(dir, "resnet18-0000.pth")}' as resnet34: the model's layer 'conv2_block3_1_conv' (layer1.2.conv1) has no weights in the file, whose 122 tensors start with 'conv1.weight'; is it a file of another architecture?`,
      ],
      [
        "odd.pth",
        "resnet18",
        `cannot import '${join(dir, "odd.pth")}' as resnet18: its tensor 'layer2.0.conv1.weight' gives 'conv3_block1_1_conv/kernel' the shape [1, 1, 64, 128] but the model's is [3, 3, 64, 128]; is it a file of another architecture or size?`,
      ],
    ];
    for (const [[file, arch, message], code] of cases.map((c, i) => [c, ["THTL4022", "THTL4020", "THTL4021"][i]] as const)) {
      const result = await run(["weights", "import", file, "--arch", arch, "--out", "bad"]);
      expect(result.code).toBe(1);
      expect(result.err).toBe(`thtl weights import: error ${code}: ${message}\nNothing was written.\n`);
      expect(existsSync(join(dir, "bad"))).toBe(false);
    }
  });

  it("reports a truncated or corrupt file by name and writes nothing", async () => {
    const bytes = readFileSync(join(dir, "resnet18-0000.pth"));
    writeFileSync(join(dir, "cut.pth"), bytes.subarray(0, bytes.length / 2));
    const corrupt = Buffer.from(bytes);
    corrupt.write("garbage!", 70);
    writeFileSync(join(dir, "corrupt.pth"), corrupt);
    for (const file of ["cut.pth", "corrupt.pth"]) {
      const result = await run(["weights", "import", file, "--arch", "resnet18"]);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(new RegExp(`^thtl weights import: error THTL4002: cannot read the weights '${join(dir, file).replaceAll(".", "\\.")}': .+\nNothing was written\\.\n$`));
      expect(existsSync(join(dir, file.replace(".pth", "")))).toBe(false);
    }
  });
});
