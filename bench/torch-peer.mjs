// Runs bench/torch_peer.py (Debian's python3-torch) for the benchmarks. Nothing is installed at
// run time: without /usr/bin/python3 and torch the peer is reported missing.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const python = "/usr/bin/python3";
const script = fileURLToPath(new URL("torch_peer.py", import.meta.url));

/** PyTorch's default thread count here, or null (with the reason printed) when torch is missing. */
export function probePeer() {
  const probe = spawnSync(python, ["-c", "import torch, torchvision; print(torch.get_num_threads())"], {
    encoding: "utf8",
  });
  if (!probe.error && probe.status === 0) return Number(probe.stdout.trim());
  console.log("\nPyTorch peer missing: /usr/bin/python3 cannot import torch and torchvision.");
  console.log("Install it with `sudo apt-get install -y python3-torch python3-torchvision` (Debian), then run again.");
  return null;
}

/** One run of the peer: options as torch_peer.py takes them ({arch, mode, batch, size, ...}); its JSON line. */
export function runPeer(options) {
  const args = Object.entries(options).flatMap(([key, value]) => [`--${key}`, String(value)]);
  const run = spawnSync(python, [script, ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`bench/torch_peer.py ${args.join(" ")} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}
