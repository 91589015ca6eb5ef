import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readPth } from "../../src/weights/formats/pth.js";
import { tempDirs } from "../runtime/helpers.js";
import { DUMP, sameBits, python, readDump } from "./python.js";

const temp = tempDirs("thtl-pth-");
let dir: string;

beforeAll(() => {
  dir = temp();
  python(
    `${DUMP}
m = torchvision.models.resnet18(num_classes=7)
for mod in m.modules():
    if isinstance(mod, torch.nn.BatchNorm2d):
        mod.running_mean.uniform_(-1, 1); mod.running_var.uniform_(0.5, 2); mod.num_batches_tracked += 3
state = m.state_dict()
state["half"] = torch.randn(3, 5).half()
state["double"] = torch.randn(4, dtype=torch.float64)
state["view"] = torch.arange(24.).reshape(4, 6)[1:3, 2:5]
state["transposed"] = torch.randn(3, 4).t()
state["shared"] = state["layer1.0.conv1.weight"][2]
torch.save(state, "zip.pth")
torch.save(state, "legacy.pth", _use_new_zipfile_serialization=False)
dump(state, "dump")
`,
    dir,
  );
});

describe("PyTorch state dict files", () => {
  for (const format of ["zip", "legacy"]) {
    it(`reads every tensor of a ${format} file bit for bit, in the file's order`, () => {
      const read = readPth(join(dir, `${format}.pth`));
      const expected = readDump(dir, "dump");
      expect(read.map((t) => [t.name, t.shape])).toEqual(expected.map((t) => [t.name, t.shape]));
      for (const [i, t] of read.entries()) expect(sameBits(t.values, expected[i]!.values), t.name).toBe(true);
      expect(read.find((t) => t.name === "bn1.num_batches_tracked")!.values[0]).toBe(3);
    });
  }

  it("reports a truncated file with its name", () => {
    const bytes = readFileSync(join(dir, "zip.pth"));
    for (const [cut, why] of [
      [bytes.length - 100, "its end-of-archive record is missing (the file is truncated or not a zip archive)"],
      [30_000, "its end-of-archive record is missing (the file is truncated or not a zip archive)"],
    ] as const) {
      const path = join(dir, `cut-${cut}.pth`);
      writeFileSync(path, bytes.subarray(0, cut));
      expect(() => readPth(path)).toThrow(`cannot read the weights '${path}': ${why}`);
    }
    const legacy = readFileSync(join(dir, "legacy.pth"));
    const path = join(dir, "cut-legacy.pth");
    writeFileSync(path, legacy.subarray(0, legacy.length - 1000));
    expect(() => readPth(path)).toThrow(/^cannot read the weights '.*cut-legacy\.pth': its storage '\d+' runs past the end of the file \(the file is truncated\)$/);
  });

  it("refuses a file that is not PyTorch's", () => {
    const path = join(dir, "text.pth");
    writeFileSync(path, "hello\n");
    expect(() => readPth(path)).toThrow(`cannot read the weights '${path}': it is neither a zip archive nor a legacy torch.save file: it is not a PyTorch file`);
  });

  it("never runs a pickle's code: a global other than a state dict's is an error naming it; a checkpoint's state_dict is read", () => {
    python(
      `
import os
class Evil:
    def __reduce__(self):
        return (os.system, ("touch pwned",))
torch.save({"w": torch.zeros(2), "x": Evil()}, "evil.pth")
torch.save({"w": torch.zeros(2), "args": {"lr": 0.1}}, "checkpoint.pth")
torch.save({"epoch": 3, "state_dict": {"w": torch.arange(3.)}, "optimizer": {"state": {}, "param_groups": [{"lr": 0.1}]}}, "trained.pth")
`,
      dir,
    );
    expect(() => readPth(join(dir, "evil.pth"))).toThrow(
      "it names the Python global 'posix.system', which a state dict does not use; thtl does not run code from weight files",
    );
    expect(() => readFileSync(join(dir, "pwned"))).toThrow();
    expect(readPth(join(dir, "trained.pth")).map((t) => [t.name, Array.from(t.values)])).toEqual([["w", [0, 1, 2]]]);
    expect(() => readPth(join(dir, "checkpoint.pth"))).toThrow(
      `cannot read the weights '${join(dir, "checkpoint.pth")}': its entry 'args' is not a tensor: thtl reads files written by torch.save(model.state_dict(), path)`,
    );
  });
});
