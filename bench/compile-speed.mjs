#!/usr/bin/env node
// Benchmark: parsing (and, once the compiler extends this file, compiling) generated .thtl files
// of 500 and 5,000 lines in-process. Targets: 5,000 lines well under 100 ms, and linear growth:
// 5,000 lines take at most 12x the time of 500 lines. Each size is parsed REPEATS times after a
// warm-up; the verdict uses the fastest run (the least disturbed by other processes on a shared
// machine), and the median is printed beside it. Run `npm run build` first (imports dist/).
import { parse } from "../dist/language/parse.js";
import { print } from "../dist/language/printer.js";

const REPEATS = 21;
const TARGET_MS = 100;
const TARGET_RATIO = 12;

/** About `lines` lines of realistic source: domains, schedules with stages, experiments. */
function generate(lines) {
  const parts = ["# generated for bench/compile-speed.mjs", "version 1", ""];
  for (let i = 0; parts.length < lines; i++) {
    parts.push(
      `domain d${i} {`,
      `  data imagefolder "data/d${i}"  # one folder per class`,
      "  classes no_dr, mild, moderate, severe, proliferative",
      "  split 70/15/15 seed 7",
      "  image 64x64",
      "  augment hflip, rotate 15, crop 0.9",
      "}",
      "",
      `schedule s${i} {`,
      "  defaults { epochs 5; batch 32; optimizer sgd momentum 0.9; lr 1e-4 cosine }",
      "  stage head { train head; lr 1e-3 }",
      "  stage upper {",
      "    unfreeze layer3..layer4, last 2",
      '    lr "layer4.1.*" 3.0E-4',
      "    early_stop val_loss patience 3",
      "  }",
      "}",
      "",
      `experiment e${i} {`,
      "  models resnet18, resnet50",
      "  seeds 1, 2, 3",
      `  chain scratch -> d${i} with s${i} -> d${i} with { stage all { train all; epochs 2 } }`,
      "}",
      "",
    );
  }
  return parts.join("\n");
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The fastest and the median time of REPEATS parses, in ms. */
function measure(text) {
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const { diagnostics } = parse(text, "bench.thtl");
    times.push(performance.now() - start);
    if (diagnostics.length > 0) throw new Error(`generated source has errors: ${diagnostics[0].message}`);
  }
  return { min: Math.min(...times), median: median(times) };
}

const small = generate(500);
const large = generate(5000);
const coldStart = performance.now();
parse(small, "cold.thtl");
const cold = performance.now() - coldStart;
measure(large); // warm-up: let the JIT see the hot paths at the larger size too

const smallMs = measure(small);
const largeMs = measure(large);
const ratio = largeMs.min / smallMs.min;
const lines = (text) => text.split("\n").length;
const times = (t) => `fastest ${t.min.toFixed(2)} ms, median ${t.median.toFixed(2)} ms`;
console.log(`first parse (builds the parser): ${cold.toFixed(1)} ms`);
console.log(`parse ${lines(small)} lines: ${times(smallMs)}`);
console.log(
  `parse ${lines(large)} lines: ${times(largeMs)}; target < ${TARGET_MS} ms: ${largeMs.min < TARGET_MS ? "ok" : "MISSED"}`,
);
console.log(
  `ratio 5,000 / 500 lines: ${ratio.toFixed(1)}x; target <= ${TARGET_RATIO}x: ${ratio <= TARGET_RATIO ? "ok" : "MISSED"}`,
);
const document = parse(large, "bench.thtl").document;
const printStart = performance.now();
print(document);
console.log(`print (thtl fmt) ${lines(large)} lines: ${(performance.now() - printStart).toFixed(2)} ms, once`);
process.exitCode = largeMs.min < TARGET_MS && ratio <= TARGET_RATIO ? 0 : 1;
