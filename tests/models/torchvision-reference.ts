import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * Runs tests/models/fixtures/torchvision_reference.py once: torchvision's models with perturbed
 * batch-norm statistics, their state dicts and their logits for some images, in `dir`. Fails with
 * what to install when PyTorch is missing (CI installs Debian's python3-torch and python3-torchvision).
 */
export function torchvisionReference(dir: string, specs: Record<string, string[]>): void {
  const probe = spawnSync("/usr/bin/python3", ["-c", "import torch, torchvision"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(
      "these tests compare with PyTorch: /usr/bin/python3 needs torch and torchvision " +
        `(Debian: apt-get install python3-torch python3-torchvision)\n${probe.stderr ?? probe.error?.message ?? ""}`,
    );
  }
  const script = fileURLToPath(new URL("./fixtures/torchvision_reference.py", import.meta.url));
  const args = Object.entries(specs).map(([arch, sizes]) => `${arch}:${sizes.join(",")}`);
  const result = spawnSync("/usr/bin/python3", [script, dir, ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`torchvision_reference.py failed:\n${result.stderr}`);
}
