import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readPth } from "../../src/weights/formats/pth.js";
import { torchvisionKeys } from "../../src/weights/import/torchvision-keys.js";
import { tempDirs } from "../runtime/helpers.js";
import { DUMP, python, readDump, sameBits } from "./python.js";

const ARCHS = ["resnet18", "resnet34", "resnet50", "vgg16", "densenet121", "mobilenet_v2", "efficientnet_b0", "inception_v3"];
const temp = tempDirs("thtl-tv-");
let dir: string;

beforeAll(() => {
  dir = temp();
  // Every catalogue architecture torchvision has, as torch.save(model.state_dict()) writes it;
  // DenseNet also in the legacy format with the old key spelling of its published file.
  python(
    `${DUMP}
import re
for arch in ${JSON.stringify(ARCHS)}:
    kwargs = {"aux_logits": True, "init_weights": False} if arch == "inception_v3" else {}
    state = getattr(torchvision.models, arch)(**kwargs).state_dict()
    torch.save(state, arch + ".pth")
    dump(state, arch)
    if arch == "densenet121":
        old = {re.sub(r"(denselayer\\d+\\.(?:norm|relu|conv))([12])\\.", r"\\1.\\2.", k): v for k, v in state.items()}
        torch.save(old, "densenet121-old.pth", _use_new_zipfile_serialization=False)
`,
    dir,
  );
}, 600_000);

describe("torchvision's state dicts", () => {
  it.each(ARCHS)("%s: every tensor read bit for bit, under torchvision's names", (arch) => {
    const read = readPth(join(dir, `${arch}.pth`));
    const expected = readDump(dir, arch);
    expect(read.map((t) => [t.name, t.shape])).toEqual(expected.map((t) => [t.name, t.shape]));
    for (const [i, t] of read.entries()) expect(sameBits(t.values, expected[i]!.values), t.name).toBe(true);
  });

  it("reads the published DenseNet's legacy file and old key spelling (norm.1) as torchvision does (norm1)", () => {
    const read = torchvisionKeys(readPth(join(dir, "densenet121-old.pth")));
    expect(read.map((t) => t.name)).toEqual(readDump(dir, "densenet121").map((t) => t.name));
    expect(readPth(join(dir, "densenet121-old.pth")).some((t) => t.name === "features.denseblock1.denselayer1.norm.1.weight")).toBe(true);
  });
});
