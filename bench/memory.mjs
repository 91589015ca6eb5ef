// Peak resident memory of a training run as its dataset grows 10x (issue 7 target: < 10% growth).
// Each run trains in its own child process, from data already generated and cached (`thtl run` on a generated .thtl file, wasm backend,
// every layer trainable so no prefix cache holds features), which reports its peak RSS.
// Both sizes train the same schedule, long enough (--epochs, default 10) for a run's memory to reach its steady size: V8's heap
// and the allocator grow over the first few dozen steps whatever the data (200 images peak at about 296 MiB after 1 epoch of
// 5 steps, 313 after 3-5 epochs, 337 after 10 or 30), so with 1 epoch each (also printed) the 10x run is mostly measured
// for being 10x longer, not for holding more data.
// Run `npm run build` first. Usage: node bench/memory.mjs [--images N] [--epochs E] [--backend wasm|cpu]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    images: { type: "string", default: "200" },
    epochs: { type: "string", default: "10" },
    backend: { type: "string", default: "wasm" },
    child: { type: "string" },
  },
});

if (values.child) {
  // In the child: train, then report the peak resident set size in bytes.
  const { main } = await import("../dist/cli/main.js");
  const quiet = {
    stdout: () => {},
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await main(["run", values.child, "--backend", values.backend, "--out", "runs", "--force"], quiet);
  process.stdout.write(`${JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS * 1024 })}\n`);
} else {
  const dir = mkdtempSync(join(tmpdir(), "thtl-memory-"));
  const small = Number(values.images);
  const run = (count, epochs) => {
    const file = join(dir, `n${count}-e${epochs}.thtl`);
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
  chain scratch -> shapes with { stage all { train all; epochs ${epochs}; batch 32 } }
}
`,
    );
    const child = spawnSync(
      process.execPath,
      [new URL(import.meta.url).pathname, "--child", file, "--backend", values.backend],
      {
        cwd: dir,
        encoding: "utf8",
        maxBuffer: 1 << 26,
      },
    );
    const last = child.stdout.trim().split("\n").at(-1);
    const result = last ? JSON.parse(last) : { code: child.status };
    if (result.code !== 0) throw new Error(`training ${count} images failed:\n${child.stderr}`);
    return result.maxRss;
  };
  // The first run of each size generates and decodes the synthetic images into the cache; the
  // measured ones train from the cache, as every later run of a plan does.
  const epochs = Number(values.epochs);
  const [small1, large1] = [small, small * 10].map((count) => (run(count, 1), run(count, 1)));
  const [smallE, largeE] = [small, small * 10].map((count) => run(count, epochs));
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const growth = (from, to) => `${(((to - from) / from) * 100).toFixed(1)}%`;
  console.log(
    `peak RSS, ${epochs} epochs: ${small} images ${mb(smallE)}, ${small * 10} images ${mb(largeE)} -> ${growth(smallE, largeE)} growth (target < 10%)`,
  );
  console.log(
    `peak RSS, 1 epoch (the 10x run also 10x longer): ${small} images ${mb(small1)}, ${small * 10} images ${mb(large1)} -> ${growth(small1, large1)} growth`,
  );
  rmSync(dir, { recursive: true, force: true });
}
