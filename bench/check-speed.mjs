// Speed of the commands that never train (issue 2's targets):
//  - `thtl check schedules/` within 3x the wall time of a bare `node -e 0`;
//  - compiling a generated 5,000-line file takes at most 12x a 500-line one, and under 100 ms.
// Each measurement is repeated; the verdict uses the fastest run (the least disturbed by other
// processes on a shared machine) and the median is printed beside it. Imports from dist/: run
// `npm run build` first. Prints the numbers and exits 1 when a target is missed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compileFile } from "../dist/compile/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

/** `{ min, median }` of the timings. */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

function wall(args, runs = 9) {
  return summary(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: root, stdio: "ignore" });
      if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
      return performance.now() - start;
    }),
  );
}

/** About `lines` lines: units of a domain, a three-stage schedule and an experiment. */
function generate(lines) {
  const units = [];
  for (let i = 0; units.length * 8 < lines; i++) {
    units.push(
      [
        `domain d${i} { data synth larynx 100; image 32x32 }`,
        `schedule s${i} {`,
        "  stage a { train head; epochs 1 }",
        "  stage b { unfreeze layer4; epochs 1; lr 1e-4 }",
        `  stage c { unfreeze layer3, "layer2.1.*"; epochs 1; lr ${i + 1}e-5 }`,
        "}",
        `experiment e${i} { models resnet18; seeds 1, 2; chain scratch -> d${i} with s${i} }`,
        "",
      ].join("\n"),
    );
  }
  return units.join("\n");
}

function compileTime(text, runs = 15) {
  const read = (path) => (path === "bench.thtl" ? text : undefined);
  const first = compileFile("bench.thtl", { readFile: read });
  if (!first.plan) throw new Error(`the generated file does not compile: ${first.diagnostics[0]?.message}`);
  return summary(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      compileFile("bench.thtl", { readFile: read });
      return performance.now() - start;
    }),
  );
}

const bare = wall(["-e", "0"]);
const check = wall(["bin/thtl.js", "check", "schedules/"]);
const small = compileTime(generate(500));
const large = compileTime(generate(5000));

const ms = ({ min, median }, digits = 0) => `${min.toFixed(digits)} ms (median ${median.toFixed(digits)})`;
const rows = [
  ["node -e 0", ms(bare)],
  ["thtl check schedules/", ms(check), `${(check.min / bare.min).toFixed(2)}x node (target <= 3x)`],
  ["compile, 500 lines (in process)", ms(small, 1)],
  [
    "compile, 5,000 lines (in process)",
    ms(large, 1),
    `${(large.min / small.min).toFixed(2)}x 500 lines (target <= 12x, < 100 ms)`,
  ],
];
for (const [name, time, note = ""] of rows) console.log(`${name.padEnd(36)}  ${time.padEnd(26)}  ${note}`.trimEnd());

const missed = [
  check.min / bare.min > 3 && "check",
  large.min / small.min > 12 && "compile ratio",
  large.min >= 100 && "compile time",
].filter(Boolean);
if (missed.length > 0) {
  console.log(`missed: ${missed.join(", ")}`);
  process.exitCode = 1;
}
