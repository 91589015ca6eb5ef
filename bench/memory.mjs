// Peak resident memory of a training run as its dataset grows 10x (issue 7 target: < 10% growth).
// Each size trains in its own child process, from data already generated and cached (`thtl run` on a generated .thtl file, wasm backend,
// every layer trainable so no prefix cache holds features), which reports its peak RSS.
// Run `npm run build` first. Usage: node bench/memory.mjs [--images N] [--backend wasm|cpu]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { images: { type: "string", default: "200" }, backend: { type: "string", default: "wasm" }, child: { type: "string" } },
});

if (values.child) {
  // In the child: train, then report the peak resident set size in bytes.
  const { main } = await import("../dist/cli/main.js");
  const quiet = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: process.cwd(), env: {}, stdoutIsTTY: false, stderrIsTTY: false };
  const code = await main(["run", values.child, "--backend", values.backend, "--out", "runs", "--force"], quiet);
  process.stdout.write(`${JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
} else {
  const dir = mkdtempSync(join(tmpdir(), "thtl-memory-"));
  const small = Number(values.images);
  const measure = (count) => {
    const file = join(dir, `n${count}.thtl`);
    writeFileSync(
      file,
      `version 1
model small { arch resnet18; width 0.25 }
domain shapes {
  data synth natural ${count}
  split 80/20 seed 1
  image 32x32
}
experiment memory {
  models small
  chain scratch -> shapes with { stage all { train all; epochs 1; batch 32 } }
}
`,
    );
    // The first run generates and decodes the synthetic images into the cache; the second,
    // measured one trains from the cache, as every later run of a plan does.
    const train = () => spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--child", file, "--backend", values.backend], {
      cwd: dir,
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    train();
    const child = train();
    const result = JSON.parse(child.stdout.trim().split("\n").at(-1));
    if (result.code !== 0) throw new Error(`training ${count} images failed:\n${child.stderr}`);
    return result.maxRss;
  };
  const base = measure(small);
  const large = measure(small * 10);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  console.log(`peak RSS: ${small} images ${mb(base)}, ${small * 10} images ${mb(large)} -> ${(((large - base) / base) * 100).toFixed(1)}% growth (target < 10%)`);
  rmSync(dir, { recursive: true, force: true });
}
