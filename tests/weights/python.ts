import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NamedArray } from "../../src/weights/types.js";

const PYTHON = "/usr/bin/python3";

/**
 * Runs a Python script with Debian's PyTorch (the tests' reference), or with h5py alone. A
 * missing package fails the test with what to install: no test skips silently.
 */
export function python(script: string, cwd: string, uses: "torch" | "h5py" = "torch"): string {
  const [modules, packages] = uses === "torch" ? ["torch, torchvision", "python3-torch python3-torchvision"] : ["h5py, numpy", "python3-h5py"];
  try {
    execFileSync(PYTHON, ["-c", `import ${modules}`], { stdio: "pipe" });
  } catch {
    throw new Error(`these tests write their reference files with Python's ${modules}: apt-get install ${packages} (Debian)`);
  }
  const prelude = uses === "torch" ? "import torch, torchvision\ntorch.set_num_threads(2)\ntorch.manual_seed(0)\n" : "";
  return execFileSync(PYTHON, ["-c", `${prelude}${script}`], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Python code defining `dump(state, stem)`: every tensor of a state dict as float32 in
 * `stem.bin` (concatenated) with `stem.json` listing names and shapes, for bit-for-bit comparison.
 */
export const DUMP = `
import json
def dump(state, stem):
    index = []
    with open(stem + ".bin", "wb") as f:
        for name, t in state.items():
            f.write(t.detach().to(torch.float32).contiguous().numpy().tobytes())
            index.append({"name": name, "shape": list(t.shape)})
    json.dump(index, open(stem + ".json", "w"))
`;

/** Reads what `dump` wrote. */
export function readDump(dir: string, stem: string): NamedArray[] {
  const index = JSON.parse(readFileSync(join(dir, `${stem}.json`), "utf8")) as { name: string; shape: number[] }[];
  const bytes = readFileSync(join(dir, `${stem}.bin`));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let at = 0;
  return index.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = all.slice(at, (at += size));
    return { name, shape, values };
  });
}

/** Whether two float32 arrays hold the same bits (NaN and -0 included). */
export const sameBits = (a: Float32Array, b: Float32Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
